// Splitting tenants over CI jobs and selecting them by name. Shards hash each name on its own, so adding a tenant
// never moves another tenant to a different job.
import { createHash } from 'node:crypto';
import { globMatch } from '../plan/glob.js';

export class ShardSpecError extends Error {
  override name = 'ShardSpecError';
}

/** The 1-based shard (1..n) a tenant belongs to. */
export function shardOf(tenantName: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new ShardSpecError(`shard count must be a positive integer, got ${n}`);
  const hex = createHash('sha256').update(tenantName).digest('hex').slice(0, 12);
  return (parseInt(hex, 16) % n) + 1;
}

export function parseShard(spec: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (!m) throw new ShardSpecError(`--shard expects K/N such as 1/4, got "${spec}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) {
    throw new ShardSpecError(`--shard ${spec}: K must be between 1 and N, and N at least 1`);
  }
  return { index, count };
}

/** The names in shard `K/N`, in their given order. */
export function selectShard(names: readonly string[], spec: string): string[] {
  const { index, count } = parseShard(spec);
  return names.filter((name) => shardOf(name, count) === index);
}

/** Names matching any of the patterns (exact names or globs with `*`/`?`); no patterns selects all. */
export function matchTenants(names: readonly string[], patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [...names];
  return names.filter((name) => patterns.some((p) => globMatch(p, name)));
}

/** Patterns that select no tenant: the CLI reports these as errors rather than planning nothing silently. */
export function unmatchedPatterns(names: readonly string[], patterns: readonly string[]): string[] {
  return patterns.filter((p) => !names.some((name) => globMatch(p, name)));
}
