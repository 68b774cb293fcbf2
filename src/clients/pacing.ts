// Per-tenant token buckets fed by the resource units that Graph reports (`x-ms-resource-unit`). A tenant's requests
// wait for budget instead of running into 429s, and a 429's Retry-After stops every request to that tenant, not only
// the one that was throttled. Budgets are independent, so a throttled tenant never slows another one.

export interface PacerOptions {
  /** Resource units per window; Graph's smallest identity budget is 3,500 per 10 s. */
  capacity?: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** Waits until the bucket `key` holds budget and reserves `estimate` units. */
  acquire(key: string, estimate: number): Promise<void>;
  /** Corrects a reservation with the units the service says it charged. */
  settle(key: string, estimate: number, actual: number): void;
  /** Blocks the bucket for a Retry-After period. */
  pause(key: string, ms: number): void;
  /** Units currently available (negative when overdrawn). */
  available(key: string): number;
}

interface Bucket {
  tokens: number;
  updated: number;
  blockedUntil: number;
}

export function createPacer(opts: PacerOptions = {}): Pacer {
  const capacity = opts.capacity ?? 3500;
  const windowMs = opts.windowMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const perMs = capacity / windowMs;
  const buckets = new Map<string, Bucket>();

  const bucket = (key: string): Bucket => {
    let b = buckets.get(key);
    const t = now();
    if (!b) {
      b = { tokens: capacity, updated: t, blockedUntil: 0 };
      buckets.set(key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + (t - b.updated) * perMs);
    b.updated = t;
    return b;
  };

  return {
    async acquire(key, estimate) {
      for (;;) {
        const b = bucket(key);
        const blocked = b.blockedUntil - now();
        if (blocked > 0) {
          await sleep(blocked);
          continue;
        }
        if (b.tokens >= Math.min(estimate, capacity)) {
          b.tokens -= estimate;
          return;
        }
        await sleep(Math.ceil((estimate - b.tokens) / perMs));
      }
    },
    settle(key, estimate, actual) {
      bucket(key).tokens -= actual - estimate;
    },
    pause(key, ms) {
      const b = bucket(key);
      b.blockedUntil = Math.max(b.blockedUntil, now() + ms);
    },
    available: (key) => bucket(key).tokens,
  };
}
