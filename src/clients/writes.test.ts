import { describe, expect, it } from 'vitest';
import { BIND_LIMIT, chunks } from './writes.js';

describe('chunks', () => {
  it('cuts 45 references into binds of 20, 20 and 5, in order', () => {
    const refs = Array.from({ length: 45 }, (_, i) => `r${i}`);
    const out = chunks(refs, BIND_LIMIT);
    expect(out.map((c) => c.length)).toEqual([20, 20, 5]);
    expect(out.flat()).toEqual(refs);
  });

  it('nothing to send is no chunk; a size that is not a positive integer is a bug, not an endless loop', () => {
    expect(chunks([], 20)).toEqual([]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
    expect(() => chunks([1], 2.5)).toThrow(RangeError);
  });
});
