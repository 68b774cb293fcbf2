// An explicitly empty authoritative list is a declaration: `roles: []` says the user holds no directory role, and
// `licenses: []` no license. When it is the tenant's only declaration of that kind, the kind must still read the live
// state (else nothing is seen and nothing removed), plan the removals, and converge after apply.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import { startEmulator } from '../support/world.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: cliEstate(), throttling: false });
});
afterEach(async () => {
  await emu.close();
});

const state = () => emu.state.tenants.get(CONTOSO)!;
const carolId = () => state().upnIndex.get('carol@contoso.com')!;
const rolesOfCarol = () => [...state().roleAssignments.values()].filter((a) => a.principalId === carolId());

/** Plans the folder into a file and returns the contoso tenant's plan. */
async function plan(root: string, dir: string) {
  const planFile = join(root, 'plan.json');
  const p = cli();
  const code = await runPlan({ dir, emulator: emu.url, out: planFile, detailedExitcode: true }, p.deps);
  return { code, planFile, tenant: (await readPlanFile(planFile)).tenants[0]!, out: p.out() };
}

describe('an explicitly empty list alone in a tenant', () => {
  it('roles: [] on a user holding a role plans its removal, applies it, and converges', async () => {
    // The seed gives carol Helpdesk Administrator; no other user of the YAML declares roles, and nothing is pruned.
    expect(rolesOfCarol()).toHaveLength(1);
    const w = workDir([contoso({ users: [{ userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', roles: [] }] })]);
    const first = await plan(w.root, w.dir);
    expect(first.code).toBe(2);
    const removals = first.tenant.changes.filter((c) => c.kind === 'directoryRole');
    expect(removals).toEqual([expect.objectContaining({
      address: 'directoryRole:carol@contoso.com/Helpdesk Administrator', action: 'delete', reason: 'not_declared',
      ops: { op: 'unassignRole', assignmentId: rolesOfCarol()[0]!.id },
    })]);

    expect(await runApply({ plan: first.planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, cli().deps)).toBe(0);
    expect(rolesOfCarol()).toEqual([]);
    const again = await plan(w.root, w.dir);
    expect(again.code).toBe(0);
    expect(again.out).toContain('No changes.');
  });

  it('licenses: [] on a licensed user plans removing the license', async () => {
    const w = workDir([contoso({ users: [{ userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'SE', licenses: [] }] })]);
    const first = await plan(w.root, w.dir);
    expect(first.tenant.changes.filter((c) => c.kind === 'license')).toEqual([
      expect.objectContaining({ address: 'license:carol@contoso.com/VISIOCLIENT', action: 'delete' }),
    ]);
  });

  it('a user without roles or licenses reads neither kind: nothing is declared, nothing removed', async () => {
    const w = workDir([contoso({ users: [{ userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson' }] })]);
    const first = await plan(w.root, w.dir);
    expect(first.tenant.changes.filter((c) => c.kind === 'directoryRole' || c.kind === 'license')).toEqual([]);
    expect(rolesOfCarol()).toHaveLength(1);
  });
});
