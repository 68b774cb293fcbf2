// Waiting for a service to catch up with a write: a just-created object that Entra has not replicated to every
// reader yet, a mailbox Exchange provisions some time after licensing. One helper, on the same clock the retry policy
// sleeps on, so tests move (emulated) time forward instead of waiting for it and no verdict depends on machine speed.
import { ApiError } from './errors.js';
import { realSleep } from './retry-policy.js';
import type { GraphApi } from './types.js';

/** Time as the client stack sees it: retries, pacing and polling all sleep on it. */
export interface WireClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: WireClock = { now: () => Date.now(), sleep: realSleep };

export interface PollOptions<T> {
  /** The answer that ends the wait. */
  until(value: T): boolean;
  /** The waits between attempts, in order: after the last one the poll gives up. */
  schedule: readonly number[];
  clock?: WireClock;
}

export type PollOutcome<T> = { done: true; value: T; waitedMs: number } | { done: false; last: T; waitedMs: number };

/**
 * Reads until `until` holds or the schedule runs out. The bound is the schedule's sum, not the wall clock: the number
 * of reads is the same on a fast machine, a slow one and a fake clock. A read that throws ends the poll with its error.
 */
export async function poll<T>(read: () => Promise<T>, o: PollOptions<T>): Promise<PollOutcome<T>> {
  const clock = o.clock ?? REAL_CLOCK;
  let waitedMs = 0;
  for (let i = 0; ; i++) {
    const value = await read();
    if (o.until(value)) return { done: true, value, waitedMs };
    const wait = o.schedule[i];
    if (wait === undefined) return { done: false, last: value, waitedMs };
    await clock.sleep(wait);
    waitedMs += wait;
  }
}

/** Waits that double from `firstMs` until they add up to `totalMs` (the last one shortened to fit). */
export function doubling(firstMs: number, totalMs: number): number[] {
  return steps(totalMs, (i) => firstMs * 2 ** i);
}

/** Waits of `everyMs` until they add up to `totalMs` (the last one shortened to fit). */
export function steady(everyMs: number, totalMs: number): number[] {
  return steps(totalMs, () => everyMs);
}

function steps(totalMs: number, next: (i: number) => number): number[] {
  const out: number[] = [];
  for (let sum = 0, i = 0; sum < totalMs; i++) {
    const wait = Math.min(Math.max(1, next(i)), totalMs - sum);
    out.push(wait);
    sum += wait;
  }
  return out;
}

/**
 * Entra replicates a new object before every reader sees it; a new object is usually visible within seconds. Without a
 * wait a plan made right after apply finds the object missing and plans it again: a duplicate.
 */
export const READBACK_SCHEDULE: readonly number[] = doubling(100, 6_300);

/**
 * Waits until `path` reads back (404 = not yet). False when it is still not visible at the end of the schedule, which
 * the caller reports rather than fails, since the write succeeded; any other failure throws.
 */
export async function awaitReadable(graph: GraphApi, path: string, clock?: WireClock, schedule = READBACK_SCHEDULE): Promise<boolean> {
  const read = async (): Promise<boolean> => {
    try {
      // Thousands of creates mean thousands of readbacks: they share `$batch` calls when the client coalesces.
      await (graph.getShared ? graph.getShared(path) : graph.get(path));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  };
  return (await poll(read, { until: (seen) => seen, schedule, clock })).done;
}
