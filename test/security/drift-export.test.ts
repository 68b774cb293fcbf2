// Drift and export of Conditional Access: an admin's portal change to a policy is drift naming the admin and the
// time from the directory audit log (the Entra audit log records Conditional Access changes under service
// "Conditional Access", learn.microsoft.com/entra/identity/conditional-access/troubleshoot-policy-changes-audit-log),
// and an exported tenant with policies, named locations and security defaults plans to no changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDrift } from '../../src/cli/drift.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { caOf } from '../../src/emulator/graph/conditional-access.js';
import type { DriftReport } from '../../src/report/types.js';
import { workspace } from './kit.js';
import { cli, cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { securitySeed } from '../support/estates.js';
import { portalChange } from '../support/http.js';
import { roundTrip } from '../support/pipeline.js';
import { ADMIN, CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => { emu = await startEmulator({ seed: securitySeed() }); });
afterEach(async () => { await emu.close(); });

async function applied() {
  const w = workspace();
  await plan(emu, w.dir, w.root);
  const a = await apply(emu, w.dir, w.root, join(w.root, 'plan.json'));
  if (a.code !== 0) throw new Error(a.out + a.err);
  return w;
}

describe('conditional access drift', () => {
  it('names the admin and the time of a portal change to a policy', { timeout: 60_000 }, async () => {
    const w = await applied();
    const policy = caOf(emu.state.tenants.get(CONTOSO)!).policies.find((p) => p.displayName === 'CA001 Require MFA for admins')!;
    const started = new Date().toISOString().slice(0, 19);
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: `/identity/conditionalAccess/policies/${String(policy.id)}`, body: { state: 'disabled' } }]);
    const out = join(w.root, 'drift');
    const d = cli();
    expect(await runDrift({ dir: w.dir, emulator: emu.url, outDir: out, detailedExitcode: true }, d.deps)).toBe(2);
    const report = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as DriftReport;
    const object = report.tenants[0]!.objects.find((o) => o.address === 'conditionalAccess:ca001 require mfa for admins')!;
    expect(object).toMatchObject({ drift: 'changed', fields: [{ path: 'state', desired: 'enabled', live: 'disabled' }] });
    expect(object.facts).toMatchObject({ actor: ADMIN, activity: 'Update conditional access policy' });
    expect(object.facts!.time! >= started).toBe(true);
  });
});

describe('conditional access export', () => {
  it('exports policies, named locations and the implied breakglass accounts, and re-plans to zero', { timeout: 60_000 }, async () => {
    await applied();
    const trip = await roundTrip(emu, 'contoso', CONTOSO);
    expect(trip.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(Object.keys(trip.files)).toEqual(expect.arrayContaining(['conditionalAccess.yaml', 'namedLocations.yaml', 'policy.yaml']));
    // Off after the apply, so not written: off plans the same declared or not.
    expect(Object.keys(trip.files)).not.toContain('securityDefaults.yaml');
    expect(trip.files['policy.yaml']).toContain('breakglass@contoso.onmicrosoft.com');
    expect(trip.files['conditionalAccess.yaml']).toContain('Phishing-resistant MFA');
    expect(trip.files['conditionalAccess.yaml']).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(trip.plan.changes).toEqual([]);
    expect(trip.plan.status).toBe('in_sync');
  });

  it('writes security defaults when they are on, and that re-plans to zero', { timeout: 60_000 }, async () => {
    const trip = await roundTrip(emu, 'contoso', CONTOSO);
    expect(trip.files['securityDefaults.yaml']).toContain('enabled: true');
    expect(trip.plan.changes).toEqual([]);
  });
});
