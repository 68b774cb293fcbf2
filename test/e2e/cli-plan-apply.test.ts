// plan → apply → plan through the commands themselves, over HTTP against the emulator: the expected plan of every
// Entra kind plus a mailbox and an Azure role assignment, apply of the saved plan, convergence, stale plans, a tenantId
// copied from another customer, a seat shortfall, and `show` of the saved plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { runShow } from '../../src/cli/show.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { renderPlan } from '../../src/plan/render/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import { withTenantform } from '../support/access.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, fabrikam, workDir } from '../support/folders.js';
import { portalChange, stats } from '../support/http.js';
import { CONTOSO, DAVE_ID, E3, FABRIKAM, SUB, VISIO, YAMMER } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: withTenantform(cliEstate()) });
});
afterEach(async () => {
  await emu.close();
});

const tenant = (id: string) => emu.state.tenants.get(id)!;
const user = (id: string, upn: string) => tenant(id).users.get(tenant(id).upnIndex.get(upn) ?? '');

describe('plan, apply and show from the command line', () => {
  it('plans every kind, applies the saved plan, converges, and a second apply of that plan is a verified no-op', async () => {
    const w = workDir([contoso(), fabrikam()]);
    const planFile = join(w.root, 'plan.json');
    const p = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile, detailedExitcode: true }, p.deps)).toBe(2);
    expect(p.err()).toBe('');
    const plan = await readPlanFile(planFile);
    const tp = plan.tenants.find((t) => t.name === 'contoso')!;
    expect(tp.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(tp.changes.map((c) => `${c.action} ${c.address} (${c.reason})`).sort()).toEqual([
      `create azureRoleAssignment:/subscriptions/${SUB}/resourcegroups/rg-finance|user:alice@contoso.com|reader (missing)`,
      'create directoryRole:alice@contoso.com/User Administrator (missing)',
      'create license:carol@contoso.com/SPE_E3 (missing)',
      'create license:erin@contoso.com/SPE_E3 (missing)',
      'create mailbox:support@contoso.com (missing)',
      'create user:dave@contoso.com (restore)',
      'create user:erin@contoso.com (missing)',
      'delete directoryRole:carol@contoso.com/Helpdesk Administrator (not_declared)',
      'delete license:carol@contoso.com/VISIOCLIENT (not_declared)',
      'delete user:olduser@contoso.com (ensure_absent)',
      'update license:alice@contoso.com/SPE_E3 (field_changed)',
      'update membership:finance (members_changed)',
      'update user:alice@contoso.com (field_changed)',
      'update user:bob@contoso.com (field_changed)',
    ]);
    expect(tp.changes.find((c) => c.address === 'membership:finance')?.fields).toMatchObject([
      { path: 'members', added: ['user:alice@contoso.com', 'user:erin@contoso.com'], removed: ['user:carol@contoso.com'] },
    ]);
    expect(tp.changes.find((c) => c.address === 'license:carol@contoso.com/SPE_E3')?.fields).toContainEqual({ path: 'disabledPlans', after: ['YAMMER_ENTERPRISE'] });
    expect(plan.tenants.find((t) => t.name === 'fabrikam')?.status).toBe('in_sync');
    expect(p.out()).toContain('Saved the plan to');
    expect(p.out()).toMatch(/Plan: 7 to add, 4 to change, 3 to destroy\./);
    expect(JSON.stringify(plan)).not.toMatch(/"password"\s*:\s*"/);

    const a = cli();
    const log = join(w.root, 'apply.jsonl');
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log, secret: () => { throw new Error('generate'); } }, a.deps)).toBe(0);
    expect(a.out()).toContain('Tenant contoso: applied — 14 completed, 0 failed, 0 skipped');
    expect(readFileSync(log, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(14);

    expect(user(CONTOSO, 'alice@contoso.com')?.licenses).toEqual([{ skuId: E3, disabledPlans: [YAMMER] }]);
    expect(user(CONTOSO, 'carol@contoso.com')?.licenses).toEqual([{ skuId: E3, disabledPlans: [YAMMER] }]);
    expect(user(CONTOSO, 'dave@contoso.com')?.id).toBe(DAVE_ID);
    expect(user(CONTOSO, 'olduser@contoso.com')).toBeUndefined();
    expect(tenant(CONTOSO).deletedUsers.size).toBe(1);
    expect(user(CONTOSO, 'carol@contoso.com')?.licenses.some((l) => l.skuId === VISIO)).toBe(false);

    const again = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, detailedExitcode: true }, again.deps)).toBe(0);
    expect(again.out()).toContain('No changes.');

    const twice = cli();
    const writesBefore = (await stats(emu)).tenants.find((t) => t.tenantId === CONTOSO)!.auditEntries;
    // Applying the same plan again is a no-op: the tenant already matches, so nothing is written and it succeeds.
    const code = await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log }, twice.deps);
    expect(code).toBe(0);
    expect(twice.out()).toContain('Tenant contoso: already applied: every change of the plan is live');
    expect((await stats(emu)).tenants.find((t) => t.tenantId === CONTOSO)!.auditEntries).toBe(writesBefore);
  });

  it('refuses a saved plan after an out-of-band change', async () => {
    const w = workDir([contoso()]);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: planFile }, cli().deps)).toBe(0);
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/users/bob@contoso.com', body: { department: 'Sales' } }]);
    const a = cli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.out()).toContain('Tenant contoso: refused — plan is stale: user:bob@contoso.com changed since the plan was made');
    expect(user(CONTOSO, 'alice@contoso.com')?.props.jobTitle).toBe('Analyst');
  });

  it('refuses a folder whose tenantId belongs to another customer, and writes nothing', async () => {
    const wrong = { ...contoso(), tenantId: FABRIKAM };
    const w = workDir([wrong]);
    const before = await stats(emu);
    const p = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: join(w.root, 'plan.json') }, p.deps)).toBe(1);
    expect(p.out()).toContain(`tenantId mismatch: tenant ${FABRIKAM} has none of the YAML's domains (contoso.com)`);
    expect((await readPlanFile(join(w.root, 'plan.json'))).tenants[0]).toMatchObject({ status: 'error', changes: [] });
    const a = cli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.err()).toContain('not applying contoso: the plan has errors for it');
    expect(a.out()).toContain('No changes. Nothing to apply.');
    const after = await stats(emu);
    expect(after.tenants.map((t) => [t.tenantId, t.users, t.auditEntries])).toEqual(before.tenants.map((t) => [t.tenantId, t.users, t.auditEntries]));
  });

  it('reports a seat shortfall at plan time naming the SKU and the shortfall', async () => {
    const users = ['gus', 'hal'].map((n) => ({ userPrincipalName: `${n}@fabrikam.com`, displayName: n, usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }));
    const w = workDir([fabrikam({ users: [...fabrikam().sections.users!, ...users] })]);
    const p = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, detailedExitcode: true }, p.deps)).toBe(1);
    expect(p.out()).toContain('not enough SPE_E3 licenses: the plan needs 2 more but only 0 are free (short by 2)');
  });

  it('show renders the saved plan exactly as plan printed it, in every format', async () => {
    const w = workDir([contoso(), fabrikam()]);
    for (const format of ['text', 'markdown', 'json'] as const) {
      const file = join(w.root, `plan-${format}.json`);
      const p = cli();
      expect(await runPlan({ dir: w.dir, emulator: emu.url, out: file, format }, p.deps)).toBe(0);
      const s = cli();
      expect(await runShow({ plan: file, format }, s.deps)).toBe(0);
      // Only text mode adds where the plan was saved, after the rendering.
      const printed = format === 'text' ? p.out().slice(0, p.out().indexOf('\nSaved the plan to')) : p.out();
      expect(s.out()).toBe(printed);
      expect(s.out()).toBe(renderPlan(await readPlanFile(file), format, { markdown: { marker: 'tenantform-plan' } }));
    }
    const json = cli();
    await runShow({ plan: join(w.root, 'plan-json.json'), format: 'json' }, json.deps);
    expect(json.out()).toBe(readFileSync(join(w.root, 'plan-json.json'), 'utf8'));
  });
});
