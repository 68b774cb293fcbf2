import { describe, expect, it } from 'vitest';
import { ADAPTIVE, createAdaptivePacer } from './adaptive.js';

function fake() {
  let t = 1_000_000;
  const waits: number[] = [];
  const pacer = createAdaptivePacer(() => t, async (ms) => void (waits.push(ms), (t += ms)));
  return { pacer, waits, now: () => t, pass: (ms: number) => (t += ms) };
}

describe('adaptive pacing', () => {
  it('lets a burst leave at once, then spaces requests at the rate, which doubles each second until the first 429', async () => {
    const f = fake();
    for (let i = 0; i < ADAPTIVE.burst; i++) f.pacer.succeeded('k', await f.pacer.acquire('k'));
    expect(f.waits).toEqual([]);
    for (let i = 0; i < 3; i++) f.pacer.succeeded('k', await f.pacer.acquire('k'));
    const rate = ADAPTIVE.initialRate + ADAPTIVE.burst;
    [rate, rate + 1, rate + 2].forEach((r, i) => expect(f.waits[i]).toBeCloseTo(1000 / r, 6));
    expect(f.pacer.rate('k')).toBe(rate + 3);
  });

  it('waits exactly the Retry-After asked, and cuts the rate once for the requests that left together', async () => {
    const f = fake();
    const tickets = await Promise.all([1, 2, 3].map(() => f.pacer.acquire('k')));
    const before = f.pacer.rate('k');
    for (const ticket of tickets) f.pacer.throttled('k', ticket, 3000);
    expect(f.pacer.rate('k')).toBeCloseTo(before * ADAPTIVE.decrease);
    const at = f.now();
    await f.pacer.acquire('k');
    expect(f.now() - at).toBe(3000);
  });

  it('raises the rate slowly after a cut, and keys do not share rates or pauses', async () => {
    const f = fake();
    f.pacer.throttled('k', await f.pacer.acquire('k'), 1000);
    const cut = f.pacer.rate('k');
    for (let i = 0; i < 10; i++) f.pacer.succeeded('k', await f.pacer.acquire('k'));
    expect(f.pacer.rate('k')).toBeGreaterThan(cut);
    expect(f.pacer.rate('k')).toBeLessThan(cut + 0.5);
    const at = f.now();
    await f.pacer.acquire('other');
    expect(f.now()).toBe(at);
    expect(f.pacer.rate('other')).toBe(ADAPTIVE.initialRate);
  });

  it('cuts the rate on a 429 without Retry-After, but pauses nothing: the retry policy backs off that request alone', async () => {
    const f = fake();
    const before = f.pacer.rate('k');
    f.pacer.throttled('k', await f.pacer.acquire('k'), undefined);
    expect(f.pacer.rate('k')).toBeCloseTo(before * ADAPTIVE.decrease);
    // No turns in hand after a refusal: the next request waits one interval of the cut rate, not a pause.
    const at = f.now();
    await f.pacer.acquire('k');
    expect(f.now() - at).toBeCloseTo(1000 / f.pacer.rate('k'), 6);
  });

  it('never falls below its floor rate, however many 429s arrive', async () => {
    const f = fake();
    for (let i = 0; i < 40; i++) f.pacer.throttled('k', await f.pacer.acquire('k'), 0);
    expect(f.pacer.rate('k')).toBe(ADAPTIVE.minRate);
  });
});
