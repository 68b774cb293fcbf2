// The memo of one tenant's run: reads that several kinds need (the declared users, groups, the SKU catalogue) are
// made once. The engine makes a session per tenant run and hands it to every kind through its context, so two runs in
// one process (tests, rollout rings, shards) never see each other's reads.

export interface ReadSession {
  /**
   * Callers at the same time share one read while it is in flight; nothing is kept once it settles, so a later read
   * (apply's re-derivation after a plan) goes to the service again.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** One read for the whole session (values that cannot change within a run: SKU and plan ids); a failure is not kept. */
  memo<T>(key: string, read: () => Promise<T>): Promise<T>;
}

export function createReadSession(): ReadSession {
  const inFlight = new Map<string, Promise<unknown>>();
  const kept = new Map<string, Promise<unknown>>();
  return {
    shared<T>(key: string, read: () => Promise<T>): Promise<T> {
      const running = inFlight.get(key);
      if (running) return running as Promise<T>;
      const p = read();
      inFlight.set(key, p);
      const done = (): void => void inFlight.delete(key);
      p.then(done, done);
      return p;
    },
    memo<T>(key: string, read: () => Promise<T>): Promise<T> {
      const hit = kept.get(key);
      if (hit) return hit as Promise<T>;
      const p = read();
      kept.set(key, p);
      p.catch(() => kept.delete(key));
      return p;
    },
  };
}
