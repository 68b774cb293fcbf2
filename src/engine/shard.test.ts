import { describe, expect, it } from 'vitest';
import { matchTenants, selectShard, shardOf, unmatchedPatterns } from './shard.js';

const names = Array.from({ length: 200 }, (_, i) => `tenant-${i}`);

describe('sharding', () => {
  it('puts every tenant in exactly one shard, deterministically, and spreads them', () => {
    const shards = [1, 2, 3, 4].map((k) => selectShard(names, `${k}/4`));
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(25);
    expect(selectShard(names, '2/4')).toEqual(shards[1]);
    expect(shardOf('contoso', 1)).toBe(1);
  });

  it('moves no existing tenant when a tenant is added', () => {
    const before = names.map((n) => shardOf(n, 5));
    const after = [...names, 'newcomer'].map((n) => shardOf(n, 5));
    expect(after.slice(0, names.length)).toEqual(before);
  });

  it('rejects malformed shard specs with a clear message', () => {
    expect(() => selectShard(names, '0/4')).toThrow('K must be between 1 and N');
    expect(() => selectShard(names, '5/4')).toThrow('K must be between 1 and N');
    expect(() => selectShard(names, 'one/4')).toThrow('--shard expects K/N such as 1/4, got "one/4"');
    expect(() => shardOf('x', 0)).toThrow('positive integer');
  });

  it('matches tenant names by exact name or glob, keeping the given order', () => {
    const list = ['contoso', 'contoso-eu', 'fabrikam', 'northwind'];
    expect(matchTenants(list, [])).toEqual(list);
    expect(matchTenants(list, ['contoso*', 'northwind'])).toEqual(['contoso', 'contoso-eu', 'northwind']);
    expect(matchTenants(list, ['?abrikam'])).toEqual(['fabrikam']);
    expect(matchTenants(list, ['contoso.'])).toEqual([]);
    expect(unmatchedPatterns(list, ['contoso', 'wingtip*'])).toEqual(['wingtip*']);
  });
});
