import { describe, expect, it } from 'vitest';
import { doubling, poll, steady, type WireClock } from './poll.js';

/** A clock that only moves when slept on: no test here waits real time. */
function fakeClock(): WireClock & { t: number; slept: number[] } {
  const c = {
    t: 0,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('poll', () => {
  it('reads until the answer is there, sleeping the schedule on the given clock', async () => {
    const clock = fakeClock();
    const out = await poll(async () => clock.t >= 700, { until: (v) => v, schedule: doubling(100, 6300), clock });
    expect(out).toEqual({ done: true, value: true, waitedMs: 700 });
    expect(clock.slept).toEqual([100, 200, 400]);
  });

  it('gives up after the last wait with the last answer; the bound is the schedule, not the wall clock', async () => {
    const clock = fakeClock();
    let reads = 0;
    const out = await poll(async () => ++reads, { until: () => false, schedule: steady(50, 3000), clock });
    expect(out).toEqual({ done: false, last: 61, waitedMs: 3000 });
    expect(reads).toBe(61);
  });

  it('stops at once on a read that throws: a failed read is no "not yet"', async () => {
    const clock = fakeClock();
    await expect(poll(async () => { throw new Error('503'); }, { until: () => true, schedule: [100], clock })).rejects.toThrow('503');
    expect(clock.slept).toEqual([]);
  });

  it('an empty schedule reads once', async () => {
    const clock = fakeClock();
    expect(await poll(async () => 'x', { until: () => false, schedule: [], clock })).toEqual({ done: false, last: 'x', waitedMs: 0 });
  });
});

describe('schedules', () => {
  it('doubling fits its total, the last wait shortened', () => {
    expect(doubling(100, 6300)).toEqual([100, 200, 400, 800, 1600, 3200]);
    expect(doubling(100, 1000)).toEqual([100, 200, 400, 300]);
  });

  it('steady fits its total; a zero wait is raised to 1 ms so the schedule always ends', () => {
    expect(steady(15_000, 40_000)).toEqual([15_000, 15_000, 10_000]);
    expect(steady(0, 3)).toEqual([1, 1, 1]);
    expect(steady(10, 0)).toEqual([]);
  });
});
