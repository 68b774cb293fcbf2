// Entra directory roles of the partner app's service principal in the customer (`partner.consent[].roles`), through
// the CLI against the emulator: assigned as for users (api-reference/v1.0/api/rbacapplication-post-roleassignments.md,
// principalId the service principal's id found by `/servicePrincipals?$filter=appId eq`), read back by
// `/roleManagement/directory/roleAssignments?$filter=principalId eq`; names compare as Entra compares them; the
// declared list is authoritative; an unknown name or an app with two service principals is an error, nothing applied.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/export.js';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { kinds } from '../../src/kinds/index.js';
import type { TenantConfig } from '../../src/config/model.js';
import type { Plan } from '../../src/plan/types.js';
import { partnerCli } from '../support/cli.js';
import { APP, onboardingSeed } from '../support/estates.js';
import { workDir } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const TEAMS_ADMIN = '69091246-20e8-4a56-aa4d-066075b2a7a8';
const ROLE = `consentRole:${APP}/Exchange Administrator`;

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const sections = (roles: string[]) => ({
  partner: { consent: [{ applicationId: APP, access: 'write', displayName: 'tenantform', roles }] },
}) as Omit<TenantConfig, 'tenant'>;

function tenant(roles: string[]) {
  const w = workDir([{ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections: sections(roles) }]);
  const opts = { dir: w.dir, emulator: emu!.url, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` };
  return {
    async plan() {
      const c = partnerCli();
      const code = await runPlan({ ...opts, format: 'json', detailedExitcode: true }, c.deps);
      return { code, t: (JSON.parse(c.out()) as Plan).tenants[0]! };
    },
    async apply(expected = 0) {
      const c = partnerCli();
      expect(await runApply({ ...opts, autoApprove: true }, c.deps), c.out() + c.err()).toBe(expected);
      return c.out() + c.err();
    },
  };
}

const sp = () => (emu!.state.tenants.get(CONTOSO)?.ext.servicePrincipals as { id: string; appId: string }[] | undefined ?? []).find((s) => s.appId === APP);
const spRoles = () => [...emu!.state.tenants.get(CONTOSO)!.roleAssignments.values()].filter((a) => a.principalId === sp()?.id).map((a) => a.roleDefinitionId);

describe('partner.consent roles', () => {
  it('assigns a role named in another case once the app is consented, converges, and removes it when the list names another instead', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const first = tenant(['exchange administrator']);
    // Not consented yet: the role waits, as the service principal it is for does not exist.
    expect((await first.plan()).t.changes.map((c) => c.address)).toEqual([`consent:${APP}`]);
    await first.apply();
    const second = await first.plan();
    expect(second.t.changes.map((c) => `${c.action} ${c.address}`)).toEqual([`create ${ROLE}`]);
    await first.apply();
    expect(spRoles()).toEqual([EXCHANGE_ADMIN]);
    expect(await first.plan()).toMatchObject({ code: 0, t: { status: 'in_sync' } });

    // Export writes the role beside the app's consent.
    const out = mkdtempSync(join(tmpdir(), 'tf-consent-role-'));
    // Only the partner kinds: the consent holds exactly the grants the folder's kinds need, so the strict emulator
    // refuses what other kinds' export would read (Exchange.ManageAsApp for mailboxes, say), and export would fail.
    const e = partnerCli();
    e.deps.kinds = kinds.filter((k) => k.kind === 'partnerConsent' || k.kind === 'consentRole');
    expect(await runExport({ tenant: 'contoso', tenantId: CONTOSO, dir: out, emulator: emu.url }, e.deps), e.out() + e.err()).toBe(0);
    const partner = readFileSync(join(out, 'contoso', 'partner.yaml'), 'utf8');
    expect(partner, partner).toContain(`- applicationId: ${APP}\n      access: write\n      displayName: tenantform\n      roles: [ Exchange Administrator ]`);

    // The declared list is authoritative: naming another role removes the one it no longer names.
    const other = tenant(['Teams Administrator']);
    const p = await other.plan();
    expect(p.t.changes.find((c) => c.address === ROLE)).toMatchObject({ action: 'delete', ops: { op: 'unassignRole' } });
    expect(p.t.changes.find((c) => c.address === `consentRole:${APP}/Teams Administrator`)).toMatchObject({ action: 'create' });
    await other.apply();
    expect(spRoles()).toEqual([TEAMS_ADMIN]);
    expect((await other.plan()).code).toBe(0);
  });

  it('an unknown role name is an error with a suggestion, and nothing is assigned', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const t = tenant(['Exchange Admin']);
    await t.apply();
    const p = await t.plan();
    expect(p.t.status).toBe('error');
    expect(p.t.diagnostics.map((d) => d.summary).join('\n')).toMatch(/directory role "Exchange Admin" does not exist in this tenant.*Exchange Administrator/);
    await t.apply(1);
    expect(spRoles()).toEqual([]);
  });

  it('an app with two service principals in the customer is an error naming both ids', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const t = tenant(['Exchange Administrator']);
    await t.apply();
    const customer = emu.state.tenants.get(CONTOSO)!;
    const list = customer.ext.servicePrincipals as { id: string; appId: string }[];
    const twin = { ...list.find((s) => s.appId === APP)!, id: 'f0000000-0000-4000-8000-0000000000f1' };
    customer.ext.servicePrincipals = [...list, twin];
    const p = await t.plan();
    expect(p.t.status).toBe('error');
    const text = p.t.diagnostics.map((d) => `${d.summary} ${d.detail ?? ''}`).join('\n');
    expect(text).toContain(twin.id);
    expect(text).toContain(list[0]!.id);
    expect(p.t.changes.filter((c) => c.kind === 'consentRole')).toEqual([]);
  });
});
