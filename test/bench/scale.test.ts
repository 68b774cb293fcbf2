// Smoke test of the scale bench at small sizes: tenantform's request counts stay within 1.25x of the analytical
// minimum the bench computes, the drift is found and fixed, and the naive client needs many times more requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { defaultModules } from '../../src/emulator/modules.js';
import { exchangeModule } from '../../src/emulator/exchange/service.js';
import { applyMinimum, planMinimum, total } from '../../src/bench/scale/minimum.js';
import { driftOf, seedFor, type Sizes } from '../../src/bench/scale/model.js';
import { naivePhases, tenantformPhases } from '../../src/bench/scale/run.js';
import { withBenchApps } from '../../src/bench/access.js';

const sum = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);

async function emulator(s: Sizes): Promise<RunningEmulator> {
  return startEmulator({ seed: withBenchApps(seedFor(s)), throttling: true, modules: [...defaultModules(), exchangeModule()] });
}

describe('scale bench, small sizes', () => {
  const big: Sizes = { tenants: 1, users: 1200, groups: 60, membersPerGroup: 10, mailboxes: 150 };
  let emu: RunningEmulator;
  beforeAll(async () => void (emu = await emulator(big)));
  afterAll(async () => emu.close());

  it('plans and applies one tenant within 1.25x of the minimum, then converges', async () => {
    const d = driftOf(big);
    const r = await tenantformPhases(emu.url, big, true);
    expect(r.plan.errors).toEqual([]);
    expect(r.plan.changes).toBe(d.users + d.groups + d.membershipGroups + d.mailboxes);
    expect(sum(r.plan.counts)).toBeLessThanOrEqual(1.25 * total(planMinimum(big)));
    expect(r.apply?.errors).toEqual([]);
    expect(sum(r.apply!.counts)).toBeLessThanOrEqual(1.25 * total(applyMinimum(big)));
    expect(r.replan?.changes).toBe(0);
  }, 60_000);
});

describe('scale bench, many small tenants', () => {
  const many: Sizes = { tenants: 30, users: 50, groups: 2, membersPerGroup: 25, mailboxes: 0 };
  let emu: RunningEmulator;
  beforeAll(async () => void (emu = await emulator(many)));
  afterAll(async () => emu.close());

  it('plans every tenant within 1.25x of the minimum; the naive client needs over 5x more', async () => {
    const d = driftOf(many);
    const perTenant = d.users + d.groups + d.membershipGroups;
    const r = await tenantformPhases(emu.url, many, false);
    expect(r.plan.errors).toEqual([]);
    expect(r.plan.changes).toBe(many.tenants * perTenant);
    expect(sum(r.plan.counts)).toBeLessThanOrEqual(1.25 * total(planMinimum(many)));
    const naive = await naivePhases(emu.url, many, false);
    expect(naive.plan.changes).toBe(many.tenants * (perTenant - d.membershipGroups + d.members));
    expect(sum(naive.plan.counts)).toBeGreaterThan(5 * sum(r.plan.counts));
  }, 60_000);
});
