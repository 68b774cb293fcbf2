// Onboarding a brand-new customer from zero through reviewed plans, against the emulator, as the Secure Application
// Model with GDAP has it (https://learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model):
// 1. the tenant is `pending access`: the plan holds only the GDAP relationship, which apply creates and locks;
// 2. the next plan waits for the customer, showing the approval link, and plans nothing;
// 3. the customer approves (the emulator's control endpoint stands in for the admin's click);
// 4. the next plan gives the partner's group its access and consents the app (Partner Center, App+User);
// 5. the next plan does the rest — users, mailboxes, Exchange Administrator for the app's service principal (the
//    Entra role Exchange app-only needs; api-reference/v1.0/api/rbacapplication-post-roleassignments.md), the Azure
//    role of the service principal — and apply converges: a final plan has no changes. Removing the consent out of band puts the tenant back to pending access.
import { afterEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { armModel, findRoleDefinition, stableGuid } from '../../src/emulator/arm/model.js';
import type { TenantConfig } from '../../src/config/model.js';
import type { Plan } from '../../src/plan/types.js';
import { partnerCli } from '../support/cli.js';
import { APP, onboardingSeed } from '../support/estates.js';
import { workDir } from '../support/folders.js';
import { partnerCenter, userToken } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

const SUB = '2c6f7a1e-0000-4000-8000-00000000b0b0';
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const ROLES = ['Cloud Application Administrator', 'User Administrator', 'Exchange Administrator'];

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const sections = {
  users: [{ userPrincipalName: 'erin@contoso.com', displayName: 'Erin Ek', usageLocation: 'SE' }],
  mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
  azure: { subscriptions: [{ id: SUB, roleAssignments: [{ principal: `servicePrincipal:${APP}`, role: 'Reader' }] }] },
  partner: {
    gdap: [{ displayName: 'contoso-tenantform', duration: 'P730D', roles: ROLES, access: [{ group: 'Consenters', roles: ROLES }] }],
    consent: [{ applicationId: APP, access: 'write', displayName: 'tenantform', roles: ['Exchange Administrator'] }],
  },
} as Omit<TenantConfig, 'tenant'>;

/** A brand-new customer: no relationship with the partner, nothing consented, one Azure subscription. */
function newCustomer() {
  const seed = onboardingSeed();
  seed.partner!.gdapRelationships = [];
  seed.tenants[0]!.subscriptions = [{ subscriptionId: SUB, displayName: 'Contoso CSP' }];
  return seed;
}

describe('onboarding a new customer end to end', () => {
  it('goes from no GDAP to fully managed through reviewed plans, then zero changes', async () => {
    emu = await startEmulator({ seed: newCustomer() });
    const w = workDir([{ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections }]);
    const opts = { dir: w.dir, emulator: emu.url, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` };
    const plan = async () => {
      const c = partnerCli();
      const code = await runPlan({ ...opts, format: 'json', detailedExitcode: true }, c.deps);
      return { code, plan: JSON.parse(c.out()) as Plan, err: c.err() };
    };
    const apply = async () => {
      const c = partnerCli();
      const code = await runApply({ ...opts, autoApprove: true }, c.deps);
      expect(code, c.out() + c.err()).toBe(0);
      return c.out();
    };

    // 1. Pending access: only the relationship is planned; the customer side is deferred.
    let p = await plan();
    let t = p.plan.tenants[0]!;
    expect(t.status).toBe('pending_access');
    expect(t.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['create gdap:contoso-tenantform']);
    expect(t.diagnostics.map((d) => d.summary)).toContain('relationship contoso-tenantform is not approved yet: apply creates it and locks it for approval, then the customer approves');
    expect(t.diagnostics.some((d) => /^deferred until tenantform can read the customer: .*user.*mailbox.*azureRoleAssignment/.test(d.summary))).toBe(true);
    expect(p.code).toBe(2);
    expect(await apply()).toContain('locked for approval; the customer approves at https://admin.microsoft.com/');

    // 2. Waiting for the customer: the approval link, nothing to do, exit 0.
    p = await plan();
    t = p.plan.tenants[0]!;
    expect(t.status).toBe('pending_access');
    expect(t.changes).toEqual([]);
    const waiting = t.diagnostics.find((d) => d.summary.startsWith('waiting for the customer to approve relationship contoso-tenantform: https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/'));
    expect(waiting).toBeDefined();
    expect(p.code).toBe(0);

    // 3. The customer approves.
    const id = emu.state.partner!.gdapRelationships[0]!.id!;
    expect((await fetch(`${emu.url}/_emulator/gdap/${id}/approve`, { method: 'POST' })).status).toBe(200);

    // 4. The partner-side rest: the group's access, then the consent (which needs it).
    p = await plan();
    t = p.plan.tenants[0]!;
    expect(t.status).toBe('pending_access');
    expect(t.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([`create consent:${APP}`, 'update gdap:contoso-tenantform']);
    await apply();
    expect((emu.state.tenants.get(CONTOSO)?.ext.servicePrincipals as { appId: string }[]).map((s) => s.appId)).toContain(APP);

    // 5. The Exchange role of the app's service principal: Exchange app-only answers no app without a supported
    // Entra role (https://learn.microsoft.com/exchange/reference/admin-api-authentication, step 3), so the mailboxes
    // cannot be read until it is assigned, and the rest of the customer waits for it.
    p = await plan();
    t = p.plan.tenants[0]!;
    expect(t.status).toBe('pending_access');
    expect(t.changes.map((c) => `${c.action} ${c.address}`)).toEqual([`create consentRole:${APP}/Exchange Administrator`]);
    expect(t.changes[0]).toMatchObject({ ops: { op: 'assignRole', principal: `servicePrincipal:${APP}`, roleDefinitionId: EXCHANGE_ADMIN, directoryScopeId: '/' } });
    await apply();
    const sp = (emu.state.tenants.get(CONTOSO)?.ext.servicePrincipals as { id: string; appId: string }[]).find((s) => s.appId === APP)!;
    const spRoles = () => [...emu!.state.tenants.get(CONTOSO)!.roleAssignments.values()].filter((a) => a.principalId === sp.id);
    expect(spRoles().map((a) => a.roleDefinitionId)).toEqual([EXCHANGE_ADMIN]);

    // The app reads and writes the CSP subscription's RBAC only with an Azure role there (User Access Administrator,
    // as `tenantform permissions` lists), which it cannot give itself: the partner's Admin Agent, who holds Owner
    // through the subscription's foreign principal (as the emulator seeds a CSP subscription), assigns it out of band.
    const arm = armModel(emu.state, emu.state.tenants.get(CONTOSO)!);
    const uaa = findRoleDefinition(arm, 'User Access Administrator')!;
    arm.assignments.push({ name: stableGuid(`${SUB}|${sp.id}`), scope: `/subscriptions/${SUB}`, roleDefinitionId: uaa.id, principalId: sp.id, principalType: 'ServicePrincipal', createdOn: new Date().toISOString() });

    // 6. The customer side, then zero changes.
    p = await plan();
    t = p.plan.tenants[0]!;
    expect(t.status, JSON.stringify(t.diagnostics)).toBe('changes');
    expect(t.changes.map((c) => c.address)).toEqual(expect.arrayContaining(['user:erin@contoso.com', 'mailbox:support@contoso.com']));
    expect(t.changes.some((c) => c.kind === 'azureRoleAssignment')).toBe(true);
    await apply();
    p = await plan();
    expect(p.plan.tenants[0]).toMatchObject({ status: 'in_sync', changes: [] });
    expect(p.code).toBe(0);

    // A consent removed out of band: the customer cannot be read, the tenant is pending access again.
    const pc = partnerCenter(emu.url, await userToken(emu.url));
    expect((await pc('DELETE', `/customers/${CONTOSO}/applicationconsents/${APP}`)).status).toBe(204);
    p = await plan();
    t = p.plan.tenants[0]!;
    expect(t.status).toBe('pending_access');
    expect(t.changes.map((c) => `${c.action} ${c.address}`)).toEqual([`create consent:${APP}`]);
    // The service principal went with the consent, and its role with it: the role is planned again once consented.
    expect(spRoles()).toEqual([]);
    await apply();
    p = await plan();
    expect(p.plan.tenants[0]!.changes.map((c) => `${c.action} ${c.address}`)).toEqual([`create consentRole:${APP}/Exchange Administrator`]);
  });
});

describe('a tenant pending access in the drift report', () => {
  it('is unlinked, not drifted, and the report names what it waits for', async () => {
    emu = await startEmulator({ seed: newCustomer() });
    const w = workDir([{ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections }]);
    const { runDrift } = await import('../../src/cli/drift.js');
    const { readFileSync } = await import('node:fs');
    const c = partnerCli();
    expect(await runDrift({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], outDir: `${w.root}/drift`, detailedExitcode: true }, c.deps)).toBe(0);
    const report = JSON.parse(readFileSync(`${w.root}/drift/drift.json`, 'utf8')) as { tenants: { name: string; status: string; diagnostics: { summary: string }[] }[] };
    const t = report.tenants.find((x) => x.name === 'contoso');
    expect(t?.status).toBe('unlinked');
    expect(t?.diagnostics.map((d) => d.summary)).toContain('relationship contoso-tenantform is not approved yet: apply creates it and locks it for approval, then the customer approves');
  });
});
