// Faults injected by the emulator while the commands run: a tenant whose reads keep failing is errored with no
// deletes while the others still plan, and an apply through moderate 429s and 503s still converges.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { readPlanFile } from '../../src/plan/read.js';
import { withTenantform } from '../support/access.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, contosoDesired, fabrikam, fabrikamDesired, workDir } from '../support/folders.js';
import { control } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: withTenantform(cliEstate()) });
});
afterEach(async () => {
  await emu.close();
});

describe('faults during plan and apply', () => {
  it('a tenant whose reads are throttled and unavailable is errored with no deletes; the other tenant still plans', async () => {
    // Prune on and an explicit ensure: absent: a read taken as "empty" would plan deletes here.
    const desired = { ...contosoDesired(), policy: { prune: { users: true, groups: true } } };
    const change = { users: [...fabrikamDesired().users!, { userPrincipalName: 'gil@fabrikam.com', ensure: 'absent' as const }] };
    const w = workDir([contoso(desired), fabrikam({ ...fabrikamDesired(), ...change, users: [{ ...fabrikamDesired().users![0]!, jobTitle: 'Owner' }] })]);
    await control(emu, 'faults', { spec: '429:0.6,503:0.4,seed:1', tenantId: CONTOSO });
    const planFile = join(w.root, 'plan.json');
    const p = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile, detailedExitcode: true }, p.deps)).toBe(1);
    const plan = await readPlanFile(planFile);
    const c = plan.tenants.find((t) => t.name === 'contoso')!;
    expect(c.status).toBe('error');
    expect(c.changes.filter((x) => x.action === 'delete')).toEqual([]);
    expect(c.diagnostics.map((d) => d.summary).join('\n')).toMatch(/429|503/);
    expect(plan.tenants.find((t) => t.name === 'fabrikam')).toMatchObject({ status: 'changes', changes: [{ address: 'user:fay@fabrikam.com', action: 'update' }] });
    expect(plan.summary).toMatchObject({ errored: 1, delete: 0 });
    expect(p.out()).toMatch(/Tenant contoso \([^)]*\): error/);
  });

  it('an apply through 429s and 503s completes, and the next plan has no changes', async () => {
    const w = workDir([contoso()]);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile }, cli().deps)).toBe(0);
    await control(emu, 'faults', { spec: '429:0.2,503:0.1,seed:3' });
    const a = cli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(a.out()).toContain('Tenant contoso: applied — 14 completed, 0 failed, 0 skipped');
    const faulted = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as { requests: Record<string, number> };
    expect(Object.values(faulted.requests).reduce((n, x) => n + x, 0)).toBeGreaterThan(14);
    await control(emu, 'faults', { spec: null });
    const clean = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, detailedExitcode: true }, clean.deps)).toBe(0);
  }, 40_000);
});
