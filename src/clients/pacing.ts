// Per-tenant token buckets fed by the resource units that Graph reports (`x-ms-resource-unit`). A tenant's requests
// wait for budget instead of running into 429s, and a 429's Retry-After stops every request to that tenant, not only
// the one that was throttled. Budgets are independent, so a throttled tenant never slows another one. A bucket may
// have its own size (`acquire`'s `shape`): Graph's write quota and its reports limit are paced beside the RU budget.
// A service with no published limit (Exchange) is paced by the rate it answers to instead (`adaptive`, adaptive.ts).
import { createAdaptivePacer, type AdaptivePacer } from './adaptive.js';

export interface PacerOptions {
  /** Resource units per window; Graph's smallest identity budget is 3,500 per 10 s. */
  capacity?: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A bucket's size when it differs from the pacer's default. */
export interface BucketShape {
  capacity: number;
  windowMs: number;
}

export interface Pacer {
  /** Waits until the bucket `key` (of `shape`, else the default size) holds budget and reserves `estimate` units. */
  acquire(key: string, estimate: number, shape?: BucketShape): Promise<void>;
  /** Corrects a reservation with the units the service says it charged. */
  settle(key: string, estimate: number, actual: number): void;
  /** Blocks the bucket for a Retry-After period. */
  pause(key: string, ms: number): void;
  /** Units currently available (negative when overdrawn). */
  available(key: string): number;
  /** Rates found from the service's answers, on the same clock, for services that publish no limit. */
  readonly adaptive: AdaptivePacer;
}

interface Bucket {
  tokens: number;
  updated: number;
  blockedUntil: number;
  capacity: number;
  perMs: number;
}

export function createPacer(opts: PacerOptions = {}): Pacer {
  const capacity = opts.capacity ?? 3500;
  const windowMs = opts.windowMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const buckets = new Map<string, Bucket>();

  const bucket = (key: string, shape?: BucketShape): Bucket => {
    let b = buckets.get(key);
    const t = now();
    if (!b) {
      const size = shape ?? { capacity, windowMs };
      b = { tokens: size.capacity, updated: t, blockedUntil: 0, capacity: size.capacity, perMs: size.capacity / size.windowMs };
      buckets.set(key, b);
    }
    b.tokens = Math.min(b.capacity, b.tokens + (t - b.updated) * b.perMs);
    b.updated = t;
    return b;
  };

  return {
    async acquire(key, estimate, shape) {
      for (;;) {
        const b = bucket(key, shape);
        const blocked = b.blockedUntil - now();
        if (blocked > 0) {
          await sleep(blocked);
          continue;
        }
        if (b.tokens >= Math.min(estimate, b.capacity)) {
          b.tokens -= estimate;
          return;
        }
        await sleep(Math.ceil((estimate - b.tokens) / b.perMs));
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
    adaptive: createAdaptivePacer(now, sleep),
  };
}
