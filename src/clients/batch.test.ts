import { describe, expect, it } from 'vitest';
import { chunkBatch, retrySubset } from './batch.js';
import type { BatchRequest } from './types.js';

const req = (id: string, dependsOn?: string[]): BatchRequest => ({ id, method: 'GET', url: `/x/${id}`, ...(dependsOn ? { dependsOn } : {}) });

describe('chunkBatch', () => {
  it('cuts 45 independent requests into 20, 20, 5', () => {
    const chunks = chunkBatch(Array.from({ length: 45 }, (_, i) => req(`r${i}`)));
    expect(chunks.map((c) => c.length)).toEqual([20, 20, 5]);
  });

  it('keeps a dependsOn chain in one chunk even when that starts a new one', () => {
    const reqs = [...Array.from({ length: 18 }, (_, i) => req(`r${i}`)), req('a'), req('b', ['a']), req('c', ['b'])];
    const chunks = chunkBatch(reqs);
    expect(chunks.map((c) => c.length)).toEqual([18, 3]);
    expect(chunks[1]!.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(chunks.at(-1)!.find((r) => r.id === 'c')!.dependsOn).toEqual(['b']);
  });

  it('rejects duplicate ids, unknown dependencies and chains over 20', () => {
    expect(() => chunkBatch([req('a'), req('a')])).toThrow(/used twice/);
    expect(() => chunkBatch([req('a', ['zz'])])).toThrow(/unknown id "zz"/);
    const chain = Array.from({ length: 21 }, (_, i) => req(`c${i}`, i ? [`c${i - 1}`] : undefined));
    expect(() => chunkBatch(chain)).toThrow(/exceeds 20/);
  });
});

describe('retrySubset', () => {
  it('resends retryable answers and the 424 dependants of what is resent, trimming dependsOn', () => {
    const chunk = [req('a'), req('b', ['a']), req('c'), req('d', ['c'])];
    const status: Record<string, number> = { a: 429, b: 424, c: 200, d: 200 };
    const again = retrySubset(chunk, (id) => status[id], (s) => s === 429 || s === 503);
    expect(again.map((r) => [r.id, r.dependsOn])).toEqual([['a', undefined], ['b', ['a']]]);
  });
});
