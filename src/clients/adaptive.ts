// Adaptive pacing for a service that publishes no limit to pace to. Exchange Online's admin API (InvokeCommand)
// documents no request rate: Exchange throttles reactively, by budgets that recharge over time and by the health of
// the servers behind it (learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange),
// and its REST cmdlets answer an overdrawn budget with 429 and a Retry-After. So the rate is found rather than known:
// additive increase, multiplicative decrease (AIMD, as TCP finds a link's capacity). Requests of a key leave spaced
// at the current rate; each success raises the rate a little, a 429 cuts it and stops the key for exactly the
// Retry-After asked. Requests that were on their way together meet one overdrawn budget, so only the first 429 of
// them cuts the rate (a cut starts a new epoch; later refusals of requests sent in an older one only pause).
// Until the first 429 the rate doubles each second (slow start), so a large tenant's budget is found in seconds.

export interface AdaptivePacer {
  /** Waits for the key's next turn; the ticket it returns names the epoch the request leaves in. */
  acquire(key: string): Promise<number>;
  /** The request of `ticket` was answered, not refused. */
  succeeded(key: string, ticket: number): void;
  /** The request of `ticket` was refused with 429; `retryAfterMs` is the wait the service asked for, if it gave one. */
  throttled(key: string, ticket: number, retryAfterMs: number | undefined): void;
  /** The key's current rate in requests per second, for tests and the debug log. */
  rate(key: string): number;
}

/** Requests per second a key starts at, the floor and ceiling of its rate, and the AIMD steps. */
export const ADAPTIVE = {
  initialRate: 10,
  /** Requests that may leave at once after a quiet spell, so a short run of a few cmdlets is not spaced out at all. */
  burst: 20,
  minRate: 0.2,
  maxRate: 1000,
  /** Congestion avoidance: the rate rises by this many requests per second, per second of successes. */
  increasePerS: 0.1,
  /** A 429 keeps this share of the rate. */
  decrease: 0.7,
} as const;

interface State {
  rate: number;
  /** Turns in hand (a token bucket of `burst`); negative while callers hold turns reserved ahead. */
  turns: number;
  updated: number;
  blockedUntil: number;
  epoch: number;
  slowStart: boolean;
}

export function createAdaptivePacer(now: () => number, sleep: (ms: number) => Promise<void>): AdaptivePacer {
  const states = new Map<string, State>();
  const state = (key: string): State => {
    const t = now();
    let s = states.get(key);
    if (!s) states.set(key, (s = { rate: ADAPTIVE.initialRate, turns: ADAPTIVE.burst, updated: t, blockedUntil: 0, epoch: 0, slowStart: true }));
    s.turns = Math.min(ADAPTIVE.burst, s.turns + ((t - s.updated) * s.rate) / 1000);
    s.updated = t;
    return s;
  };

  return {
    async acquire(key) {
      for (;;) {
        const s = state(key);
        const blocked = s.blockedUntil - now();
        if (blocked > 0) {
          await sleep(blocked);
          continue;
        }
        // Taking the turn before sleeping spaces concurrent callers out instead of waking them together.
        s.turns -= 1;
        if (s.turns < 0) await sleep((-s.turns * 1000) / s.rate);
        // A 429 that arrived meanwhile stops this request too: it waits the pause out and takes a new turn.
        if (s.blockedUntil > now()) continue;
        return s.epoch;
      }
    },
    succeeded(key, ticket) {
      const s = state(key);
      if (ticket !== s.epoch) return;
      // Slow start adds one request per second per success (doubling each second); afterwards `increasePerS` a second.
      s.rate = Math.min(ADAPTIVE.maxRate, s.rate + (s.slowStart ? 1 : ADAPTIVE.increasePerS / s.rate));
    },
    throttled(key, ticket, retryAfterMs) {
      const s = state(key);
      if (retryAfterMs !== undefined) s.blockedUntil = Math.max(s.blockedUntil, now() + retryAfterMs);
      if (ticket !== s.epoch) return;
      s.epoch++;
      s.slowStart = false;
      s.rate = Math.max(ADAPTIVE.minRate, s.rate * ADAPTIVE.decrease);
      // The budget is spent: no turns in hand after the pause.
      s.turns = Math.min(s.turns, 0);
    },
    rate: (key) => state(key).rate,
  };
}
