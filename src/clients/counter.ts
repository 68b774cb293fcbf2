import type { RequestCounter } from './types.js';

export interface MutableRequestCounter extends RequestCounter {
  add(service: string): void;
}

/** Counts every HTTP attempt actually sent, retries included, per service. */
export function createRequestCounter(): MutableRequestCounter {
  const counts = new Map<string, number>();
  return {
    add(service) {
      counts.set(service, (counts.get(service) ?? 0) + 1);
    },
    count: (service) => counts.get(service) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    snapshot: () => Object.fromEntries(counts),
  };
}
