// The identity-and-access throttling budget: a token bucket per app+tenant, refilled continuously over 10 s,
// sized by tenant (3,500 / 5,000 / 8,000 resource units for <50 / 50–500 / >500 users).
const WINDOW_MS = 10_000;

export function budgetFor(userCount: number): number {
  if (userCount < 50) return 3500;
  if (userCount <= 500) return 5000;
  return 8000;
}

interface Bucket { units: number; capacity: number; at: number }

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  private bucket(key: string, capacity: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { units: capacity, capacity, at: now };
      this.buckets.set(key, b);
    }
    b.capacity = capacity;
    b.units = Math.min(capacity, b.units + ((now - b.at) * capacity) / WINDOW_MS);
    b.at = now;
    return b;
  }

  /** Takes `cost` units; returns 0 when allowed, else the seconds to wait (Retry-After). */
  take(key: string, capacity: number, cost: number, now = Date.now()): number {
    const b = this.bucket(key, capacity, now);
    if (b.units >= cost) {
      b.units -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil(((cost - b.units) * WINDOW_MS) / capacity / 1000));
  }

  /**
   * Sets the remaining units (control endpoint), e.g. to rehearse a throttled run. A negative value is a debt that
   * refills like any shortfall, so a test can be sure the next request is throttled despite continuous refill.
   */
  set(key: string, capacity: number, units: number, now = Date.now()): void {
    const b = this.bucket(key, capacity, now);
    b.units = Math.max(-capacity, Math.min(capacity, units));
  }
}
