// The emulator's throttling engine: token buckets, each of `capacity` units refilled continuously over `windowMs`,
// and in-flight counters for services that limit concurrency. The services decide which limits a request is charged
// against (graph/throttling.ts, exchange/throttling.ts); this file only keeps the books. Time comes from the injected
// clock, so tests advance it instead of sleeping.
import type { TimeSource } from './clock.js';

/** One limit a request is charged against: `units` from the bucket `key` of `capacity` per `windowMs`. */
export interface Limit {
  key: string;
  capacity: number;
  windowMs: number;
  units: number;
  /** Headers a refusal by this limit carries besides Retry-After (e.g. Graph's x-ms-throttle-scope). */
  headers: Record<string, string>;
  message: string;
}

/** The charge of one request; `resourceUnits` is reported in `x-ms-resource-unit` when set. */
export interface Metered {
  resourceUnits?: number;
  limits: Limit[];
  /** Whether admitted answers report `x-ms-throttle-limit-percentage` above 0.8 of a limit (Graph does). */
  reportsUsage?: boolean;
}

export type Verdict = { admitted: true; usage: number } | { admitted: false; limit: Limit; retryAfterS: number };

/** Tenant-size budget of the identity RU bucket: S <50 users 3,500, M 50–500 5,000, L >500 8,000 per 10 s. */
export function budgetFor(userCount: number): number {
  if (userCount < 50) return 3500;
  if (userCount <= 500) return 5000;
  return 8000;
}

interface Bucket { units: number; at: number }

const DEFAULT_WINDOW_MS = 10_000;

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly inFlight = new Map<string, number>();

  constructor(readonly clock: TimeSource = Date.now) {}

  private level(key: string, capacity: number, windowMs: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { units: capacity, at: now };
      this.buckets.set(key, b);
    }
    b.units = Math.min(capacity, b.units + ((now - b.at) * capacity) / windowMs);
    b.at = now;
    return b;
  }

  /**
   * Admits a request only if every limit holds its units (the first limit reached refuses it, and nothing is taken);
   * otherwise answers the seconds until that limit refills enough. `usage` is the fullest limit's share after taking.
   */
  admit(limits: Limit[], now = this.clock()): Verdict {
    for (const l of limits) {
      const b = this.level(l.key, l.capacity, l.windowMs, now);
      if (b.units < l.units) {
        const wait = ((l.units - b.units) * l.windowMs) / l.capacity / 1000;
        return { admitted: false, limit: l, retryAfterS: Math.max(1, Math.ceil(wait)) };
      }
    }
    let usage = 0;
    for (const l of limits) {
      const b = this.level(l.key, l.capacity, l.windowMs, now);
      b.units -= l.units;
      usage = Math.max(usage, 1 - b.units / l.capacity);
    }
    return { admitted: true, usage };
  }

  /** One bucket of `capacity` per 10 s: 0 when `cost` is taken, else the seconds to wait. */
  take(key: string, capacity: number, cost: number, now = this.clock()): number {
    const v = this.admit([{ key, capacity, windowMs: DEFAULT_WINDOW_MS, units: cost, headers: {}, message: '' }], now);
    return v.admitted ? 0 : v.retryAfterS;
  }

  /**
   * Sets the remaining units (control endpoint), e.g. to rehearse a throttled run. A negative value is a debt that
   * refills like any shortfall, so a test can be sure the next request is throttled despite continuous refill.
   */
  set(key: string, capacity: number, units: number, windowMs = DEFAULT_WINDOW_MS, now = this.clock()): void {
    const b = this.level(key, capacity, windowMs, now);
    b.units = Math.max(-capacity, Math.min(capacity, units));
  }

  /** Takes an in-flight slot of `key` if fewer than `max` are taken; the returned function gives it back. */
  enter(key: string, max: number): (() => void) | undefined {
    const n = this.inFlight.get(key) ?? 0;
    if (n >= max) return undefined;
    this.inFlight.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }
}
