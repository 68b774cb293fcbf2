// The set of shards given to `report merge` must be one whole run: every shard 1..N of one estate, each once, each
// holding the tenants its record names. Otherwise a merged report would pass for the estate with part of it unchecked.
import type { ShardRecord } from '../plan/types.js';

export class ShardSetError extends Error {
  override name = 'ShardSetError';
}

export interface ShardInput {
  file: string;
  shard?: ShardRecord;
  /** The tenants the document holds (for a drift report: its folders, before tenant links are added). */
  names: string[];
}

const label = (index: number, total: number): string => `shard ${index}/${total}`;

function sameSet(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The shards' common N and estate size; throws when the inputs are not shards of one split. */
function commonSplit(inputs: ShardInput[]): { total: number; estate: number } {
  const plain = inputs.find((i) => !i.shard);
  if (plain) throw new ShardSetError(`${plain.file} is not a shard (it has no shard record); merge only the shards of one run`);
  const first = inputs[0]?.shard as ShardRecord;
  for (const { file, shard } of inputs) {
    const s = shard as ShardRecord;
    if (s.total !== first.total || s.estate !== first.estate) {
      throw new ShardSetError(`${file} is ${label(s.index, s.total)} of ${s.estate} tenants, but ${inputs[0]?.file} is ${label(first.index, first.total)} of ${first.estate}: not one run`);
    }
  }
  return { total: first.total, estate: first.estate };
}

/**
 * Throws unless the inputs are all shards of one run, each once and none missing. Documents without shard records
 * (whole plans or reports) pass through: uniqueness of tenants is checked by the caller.
 */
export function checkShardSet(inputs: ShardInput[]): void {
  if (inputs.every((i) => !i.shard)) return;
  const { total, estate } = commonSplit(inputs);
  const seen = new Map<number, string>();
  for (const { file, shard, names } of inputs) {
    const s = shard as ShardRecord;
    const first = seen.get(s.index);
    if (first) throw new ShardSetError(`${label(s.index, total)} is given twice (${first} and ${file})`);
    seen.set(s.index, file);
    if (!sameSet(names, s.tenants)) throw new ShardSetError(`${file}: its tenants differ from those its shard record names; it was edited or is not a shard`);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) throw new ShardSetError(`${missing.map((k) => label(k, total)).join(', ')} missing: merge every shard of the run`);
  const held = inputs.reduce((n, i) => n + (i.shard as ShardRecord).tenants.length, 0);
  if (held !== estate) throw new ShardSetError(`the shards hold ${held} tenants of an estate of ${estate}`);
}
