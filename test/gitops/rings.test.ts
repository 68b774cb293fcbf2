// Rollout rings through the commands against the emulator over HTTP: tenants declare `tenant.ring`, plans group them
// by ring, `--ring` selects one, and `apply --rings` applies canary before broad, halting (exit 1, naming the ring)
// when the canary's failed tenants exceed --halt-on-failures, so the broad ring keeps its drift.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { cli } from '../support/cli.js';
import { ESTATE, estateSeed, idOf } from '../support/estates.js';
import { portalChange } from '../support/http.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: estateSeed() });
});
afterEach(async () => {
  await emu.close();
});

/** alpine and birch in the canary ring, cedar and dune in broad (no ring declared); each wants Ann as Manager. */
const RINGS: Record<string, string | undefined> = { alpine: 'canary', birch: 'canary', cedar: undefined, dune: 'broad' };

function estate(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-rings-'));
  execFileSync('git', ['init', '-q', root]);
  for (const [name, ring] of Object.entries(RINGS)) {
    const i = ESTATE.indexOf(name as (typeof ESTATE)[number]);
    mkdirSync(join(root, 'tenants', name), { recursive: true });
    const doc = {
      tenant: { name, tenantId: idOf(i), domains: [`${name}.com`], ...(ring ? { ring } : {}) },
      users: [{ userPrincipalName: `ann@${name}.com`, displayName: 'Ann', jobTitle: 'Manager' }],
    };
    writeFileSync(join(root, 'tenants', name, 'tenant.yaml'), stringify(doc));
  }
  return { root, dir: join(root, 'tenants') };
}

const jobTitle = (name: string): unknown => {
  const t = emu.state.tenants.get(idOf(ESTATE.indexOf(name as (typeof ESTATE)[number])))!;
  return t.users.get(t.upnIndex.get(`ann@${name}.com`) ?? '')?.props.jobTitle;
};

async function savePlan(dir: string, file: string): Promise<string> {
  const p = cli();
  expect(await runPlan({ dir, emulator: emu.url, out: file }, p.deps)).toBe(0);
  return p.out();
}

describe('rollout rings', () => {
  it('groups the plan by ring and selects one ring with --ring', async () => {
    const w = estate();
    const out = await savePlan(w.dir, join(w.root, 'plan.json'));
    const canary = out.indexOf('── Ring canary (2 tenants) ──');
    const broad = out.indexOf('── Ring broad (2 tenants) ──');
    expect(canary).toBeGreaterThanOrEqual(0);
    expect(broad).toBeGreaterThan(out.indexOf('Tenant birch'));
    expect(out.indexOf('Tenant cedar')).toBeGreaterThan(broad);
    const md = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, format: 'markdown' }, md.deps)).toBe(0);
    expect(md.out()).toContain('| alpine (ring canary) |');
    expect(md.out()).toContain('| cedar (ring broad) |');

    const one = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, ring: 'broad', format: 'json' }, one.deps)).toBe(0);
    expect((JSON.parse(one.out()) as { tenants: { name: string }[] }).tenants.map((t) => t.name)).toEqual(['cedar', 'dune']);
    const bad = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, ring: 'beta' }, bad.deps)).toBe(1);
    expect(bad.err()).toBe('tenantform: --ring beta: not a ring; the rings are canary, early, broad\n');
  });

  it('halts after a canary ring whose failed tenants exceed the threshold; the broad ring keeps its drift', { timeout: 60_000 }, async () => {
    const w = estate();
    const file = join(w.root, 'plan.json');
    await savePlan(w.dir, file);
    // Ann changed in birch since the plan: apply refuses birch as stale, one failed tenant of two in the canary.
    await portalChange(emu, idOf(1), [{ method: 'PATCH', url: '/users/ann@birch.com', body: { jobTitle: 'Boss' } }], 'ann@birch.com');
    const waits: number[] = [];
    const a = cli();
    const code = await runApply({ plan: file, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl'), rings: true, ringWait: 60_000, haltOnFailures: '0', wait: async (ms) => { waits.push(ms); } }, a.deps);
    expect(code).toBe(1);
    expect(a.err()).toContain('tenantform: rollout halted at ring canary: 1 of 2 tenants failed (birch), more than --halt-on-failures 0 tenants; rings early, broad were not applied');
    expect(jobTitle('alpine')).toBe('Manager');
    expect([jobTitle('cedar'), jobTitle('dune')]).toEqual(['Clerk', 'Clerk']);
    expect(waits).toEqual([]);
    const again = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, ring: 'broad', detailedExitcode: true }, again.deps)).toBe(2);
    expect(again.out()).toContain('user:ann@dune.com');
  });

  it('goes on past failures within a percentage threshold', { timeout: 60_000 }, async () => {
    const w = estate();
    const file = join(w.root, 'plan.json');
    await savePlan(w.dir, file);
    await portalChange(emu, idOf(1), [{ method: 'PATCH', url: '/users/ann@birch.com', body: { jobTitle: 'Boss' } }], 'ann@birch.com');
    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl'), rings: true, haltOnFailures: '50%' }, a.deps)).toBe(1);
    expect(a.out()).toContain('Ring canary: 1 of 2 tenants failed, within --halt-on-failures 50%.');
    expect([jobTitle('cedar'), jobTitle('dune')]).toEqual(['Manager', 'Manager']);
  });

  it('applies one ring of a saved plan with --ring, and refuses a bad threshold before writing', { timeout: 60_000 }, async () => {
    const w = estate();
    const file = join(w.root, 'plan.json');
    await savePlan(w.dir, file);
    const bad = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl'), rings: true, haltOnFailures: 'lots' }, bad.deps)).toBe(1);
    expect(bad.err()).toBe('tenantform: --halt-on-failures lots: give a number of tenants (0, 2) or a percentage (10%)\n');
    expect(jobTitle('alpine')).toBe('Clerk');
    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl'), ring: 'canary' }, a.deps)).toBe(0);
    expect(ESTATE.slice(0, 4).map(jobTitle)).toEqual(['Manager', 'Manager', 'Clerk', 'Clerk']);
  });

  it('applies a clean canary, waits, then the broad ring', { timeout: 60_000 }, async () => {
    const w = estate();
    const waits: number[] = [];
    const a = cli();
    const code = await runApply({ dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl'), rings: true, ringWait: 300_000, wait: async (ms) => { waits.push(ms); } }, a.deps);
    expect(code).toBe(0);
    expect(ESTATE.slice(0, 4).map(jobTitle)).toEqual(['Manager', 'Manager', 'Manager', 'Manager']);
    // One wait: after the canary; the early ring is empty and broad is the last.
    expect(waits).toEqual([300_000]);
    expect(a.out()).toContain('Rollout complete: rings canary, early, broad applied.');
    expect(a.out().indexOf('Tenant alpine: applied')).toBeLessThan(a.out().indexOf('Tenant cedar: applied'));
  });
});
