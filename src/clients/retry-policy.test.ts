import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextDelay, parseRetryAfter } from './retry-policy.js';

const policy = { maxAttempts: 4, maxTotalWaitMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 };
const half = () => 0.5;

describe('nextDelay', () => {
  it.each([
    ['429 with Retry-After seconds', 1, 429, { 'Retry-After': '3' }, 3000],
    ['503 with Retry-After', 1, 503, { 'retry-after': '2' }, 2000],
    ['504 without Retry-After: half of the first ceiling', 1, 504, {}, 50],
    ['third attempt: half of 400', 3, 503, {}, 200],
    ['not retryable: 400', 1, 400, {}, null],
    ['not retryable: 404', 1, 404, {}, null],
    ['out of attempts', 4, 429, { 'Retry-After': '1' }, null],
    ['connection failure', 1, 0, undefined, 50],
  ])('%s', (_name, attempt, status, headers, expected) => {
    expect(nextDelay(attempt, status, headers, half, { policy })).toBe(expected);
  });

  it('caps the exponential ceiling and stops when the total wait would pass its bound', () => {
    expect(nextDelay(3, 503, {}, () => 0.999, { policy: { ...policy, maxAttempts: 10, maxDelayMs: 300 } })).toBe(299);
    expect(nextDelay(1, 429, { 'Retry-After': '5' }, half, { policy, waitedMs: 6_000 })).toBeNull();
    expect(DEFAULT_RETRY_POLICY.maxTotalWaitMs).toBeGreaterThan(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
