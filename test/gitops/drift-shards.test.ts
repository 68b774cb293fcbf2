// Sharded drift tells the same truth as one run: the shards of a six-tenant estate, merged, give exactly the report
// of the unsharded run (tenants, drift and tenant links), and a merge missing or repeating a shard is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrift } from '../../src/cli/drift.js';
import { runPlan } from '../../src/cli/plan.js';
import { runReportMerge } from '../../src/cli/report.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { selectShard } from '../../src/engine/shard.js';
import type { Plan } from '../../src/plan/types.js';
import type { DriftReport } from '../../src/report/types.js';
import { cli } from '../support/cli.js';
import { ESTATE, estateFolders, estateSeed, idOf, ORPHAN } from '../support/estates.js';
import { workDir } from '../support/folders.js';

const NOW = new Date('2026-11-22T10:00:00Z');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: estateSeed() });
});
afterAll(async () => {
  await emu?.close();
});

const readReport = (file: string): DriftReport => JSON.parse(readFileSync(file, 'utf8')) as DriftReport;

describe('sharded drift', () => {
  it('merges three shards into exactly the unsharded report, links included; refuses a missing or repeated shard', { timeout: 60_000 }, async () => {
    const w = workDir(estateFolders());
    const run = async (outDir: string, shard?: string): Promise<number> => {
      const c = cli();
      return runDrift({ dir: w.dir, emulator: emu.url, outDir: join(w.root, outDir), ...(shard ? { shard } : {}) }, { ...c.deps, now: () => NOW });
    };
    expect(await run('whole')).toBe(0);
    for (const k of [1, 2, 3]) expect(await run(`shard-${k}`, `${k}/3`)).toBe(0);
    const one = cli();
    expect(await runDrift({ dir: w.dir, emulator: emu.url, outDir: join(w.root, 'again'), shard: '2/3' }, one.deps)).toBe(0);
    expect(one.out()).toMatch(/^Drift \(shard 2\/3 of an estate of 6; merge the shards for the whole\): \d tenants/);
    const shardFiles = [1, 2, 3].map((k) => join(w.root, `shard-${k}`, 'drift.json'));

    const shards = shardFiles.map(readReport);
    shards.forEach((s, i) => {
      expect(s.shard).toEqual({ index: i + 1, total: 3, estate: 6, tenants: selectShard([...ESTATE], `${i + 1}/3`).sort() });
      // No shard reports another shard's customers as unlinked.
      expect(s.tenants.map((t) => t.status)).not.toContain('unlinked');
    });
    expect(shards.map((s) => s.links !== undefined)).toEqual([true, false, false]);

    const merge = cli();
    expect(await runReportMerge({ files: shardFiles, out: join(w.root, 'merged.json') }, merge.deps)).toBe(0);
    const whole = readReport(join(w.root, 'whole', 'drift.json'));
    expect(readFileSync(join(w.root, 'merged.json'), 'utf8')).toBe(readFileSync(join(w.root, 'whole', 'drift.json'), 'utf8'));
    expect(whole.summary).toEqual({ in_sync: 4, drifted: 2, errored: 0, unlinked: 1, tenants: 7, objects: 2 });
    expect(whole.tenants.filter((t) => t.status === 'unlinked').map((t) => t.tenantId)).toEqual([ORPHAN.tenantId]);
    const fjord = whole.tenants.find((t) => t.name === 'fjord');
    expect(fjord?.diagnostics.map((d) => d.summary)).toEqual([`tenant ${idOf(5)} is not a customer of the partner in Partner Center`]);

    const partial = cli();
    expect(await runReportMerge({ files: [shardFiles[0]!, shardFiles[2]!] }, partial.deps)).toBe(1);
    expect(partial.err()).toContain('shard 2/3 missing');
    expect(partial.out()).toBe('');
    const twice = cli();
    expect(await runReportMerge({ files: [shardFiles[0]!, shardFiles[1]!, shardFiles[1]!] }, twice.deps)).toBe(1);
    expect(twice.err()).toContain('shard 2/3 is given twice');
  });

  it('merges plan shards only when every shard is there', { timeout: 60_000 }, async () => {
    const w = workDir(estateFolders());
    const files = [1, 2].map((k) => join(w.root, `plan-${k}.json`));
    for (const [i, out] of files.entries()) {
      expect(await runPlan({ dir: w.dir, emulator: emu.url, shard: `${i + 1}/2`, out, format: 'json' }, cli().deps)).toBe(0);
    }
    const merged = cli();
    expect(await runReportMerge({ files, out: join(w.root, 'plan.json') }, merged.deps)).toBe(0);
    const plan = JSON.parse(readFileSync(join(w.root, 'plan.json'), 'utf8')) as Plan;
    expect(plan.tenants.map((t) => t.name)).toEqual([...ESTATE]);
    expect(plan.shard).toBeUndefined();
    const half = cli();
    expect(await runReportMerge({ files: [files[0]!] }, half.deps)).toBe(1);
    expect(half.err()).toContain('shard 2/2 missing');
  });
});
