// The partner.consent kind through the CLI against the emulator: the partner app is consented into the customer
// with exactly the grants `tenantform permissions` computes for the tenant's declared kinds, through Partner
// Center's application consent API as an Admin Agent (App+User, from a refresh token); a consent widened or
// narrowed out of band is drift that the next plan puts back; without App+User credentials the tenant errors with
// the fix. https://learn.microsoft.com/partner-center/developer/control-panel-vendor-apis
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentOps } from '../../src/plan/types.js';
import { runApply } from '../../src/cli/apply.js';
import { runDrift } from '../../src/cli/drift.js';
import { runPlan } from '../../src/cli/plan.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { permissionsFor } from '../../src/kinds/permissions.js';
import type { TenantConfig } from '../../src/config/model.js';
import { partnerCli, partnerEnv } from '../support/cli.js';
import { APP, EXCHANGE_APP, GRAPH_APP, onboardingSeed } from '../support/estates.js';
import { workDir } from '../support/folders.js';
import { partnerCenter, userToken } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

// Exchange app-only access needs an Entra role on the app's service principal besides Exchange.ManageAsApp
// (https://learn.microsoft.com/exchange/reference/admin-api-authentication, step 3: RBAC for the app's service
// principal), so a folder that manages mailboxes declares the role on its consent.
const sections = {
  users: [{ userPrincipalName: 'erin@contoso.com', displayName: 'Erin Ek' }],
  mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
  partner: { consent: [{ applicationId: APP, access: 'write', displayName: 'tenantform', roles: ['Exchange Administrator'] }] },
} as Omit<TenantConfig, 'tenant'>;
const folder = (declared = sections) => workDir([{ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections: declared }]);
/** Graph kinds only: a consent changed out of band leaves every customer read possible, so drift can name it. */
const graphOnly = {
  users: sections.users,
  partner: { consent: [{ applicationId: APP, access: 'write', displayName: 'tenantform' }] },
} as Omit<TenantConfig, 'tenant'>;

const rolesInCustomer = (e: RunningEmulator): string[] =>
  [...((e.state.tenants.get(CONTOSO)?.ext.servicePrincipals as { appId: string; appRoles?: string[] }[] | undefined)?.find((s) => s.appId === APP)?.appRoles ?? [])].sort();

describe('partner.consent', () => {
  it('consents the app with exactly the apply grants of the declared kinds, then plans no change', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const w = folder();
    const plan = partnerCli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, tenant: ["contoso"], target: ["consent:*"], detailedExitcode: true }, plan.deps), plan.out() + plan.err()).toBe(2);
    expect(plan.out()).toContain(`+ consent:${APP}`);
    const planFile = `${w.root}/plan.json`;
    await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], out: planFile }, partnerCli().deps);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as { tenants: { changes: { kind: string; ops?: unknown }[] }[] };
    const ops = saved.tenants[0]!.changes.find((c) => c.kind === 'partnerConsent')!.ops as ConsentOps;
    expect(ops).toMatchObject({ op: 'consent', applicationId: APP, removeFirst: false, grant: { displayName: 'tenantform' } });
    expect(ops.grant!.applicationGrants.map((g) => g.enterpriseApplicationId)).toEqual([GRAPH_APP, EXCHANGE_APP]);
    const apply = partnerCli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], autoApprove: true, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` }, apply.deps), apply.out() + apply.err()).toBe(0);
    const config = { tenant: { name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'] }, ...sections } as TenantConfig;
    const needs = permissionsFor([config]).apply;
    expect(rolesInCustomer(emu)).toEqual([...needs.graph, ...needs.exchange].sort());
    expect(needs.exchange).toEqual(['Exchange.ManageAsApp']);
    // The consent made the service principal; its Exchange role is the next step (consentRole).
    const role = partnerCli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consentRole:*'], autoApprove: true, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` }, role.deps), role.out() + role.err()).toBe(0);
    const again = partnerCli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], detailedExitcode: true }, again.deps), again.out() + again.err()).toBe(0);
  });

  it('a consent widened out of band is drift, and the next apply narrows it back', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const w = folder(graphOnly);
    expect(await runApply({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], autoApprove: true, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` }, partnerCli().deps)).toBe(0);
    const exact = rolesInCustomer(emu);
    const pc = partnerCenter(emu.url, await userToken(emu.url));
    const widened = [...exact, 'Directory.ReadWrite.All'];
    await pc('DELETE', `/customers/${CONTOSO}/applicationconsents/${APP}`);
    await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: [{ enterpriseApplicationId: GRAPH_APP, scope: widened.join(',') }] });
    const drift = partnerCli();
    const out = `${w.root}/drift`;
    expect(await runDrift({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], outDir: out, detailedExitcode: true }, drift.deps), drift.out() + drift.err()).toBe(2);
    const report = readFileSync(`${out}/drift.md`, 'utf8');
    expect(report).toContain(`consent:${APP}`);
    const plan = partnerCli();
    await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'] }, plan.deps);
    expect(plan.out()).toMatch(/grants\.graph[\s\S]*Directory\.ReadWrite\.All/);
    expect(await runApply({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], autoApprove: true, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` }, partnerCli().deps)).toBe(0);
    expect(rolesInCustomer(emu)).toEqual(exact);
  });

  it('without a partner user refresh token the tenant errors naming the fix, and nothing is consented', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const w = folder();
    const env = partnerEnv();
    delete env.TENANTFORM_PARTNER_REFRESH_TOKEN;
    const plan = partnerCli(env);
    expect(await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'] }, plan.deps)).toBe(1);
    expect(plan.out() + plan.err()).toContain('TENANTFORM_PARTNER_REFRESH_TOKEN');
    expect(rolesInCustomer(emu)).toEqual([]);
  });

  it('refuses a saved plan whose consent ops were edited to widen the grants, and consents nothing', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const w = folder();
    const planFile = `${w.root}/plan.json`;
    expect(await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], out: planFile }, partnerCli().deps)).toBe(0);
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace(/"scope": ?"/, '"scope": "Directory.ReadWrite.All,'));
    const a = partnerCli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` }, a.deps)).toBe(1);
    expect(rolesInCustomer(emu)).toEqual([]);
  });

  it('refuses a saved plan whose consent ops lost their shape', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const w = folder();
    const planFile = `${w.root}/plan.json`;
    expect(await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['contoso'], target: ['consent:*'], out: planFile }, partnerCli().deps)).toBe(0);
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace(/"removeFirst": ?false/, '"removeFirst": "no"'));
    const a = partnerCli();
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: emu.url, autoApprove: true, log: `${w.root}/apply.jsonl`, lockDir: `${w.root}/locks` }, a.deps)).toBe(1);
    expect(a.err() + a.out()).toContain('ops of op "consent" do not have the shape');
    expect(rolesInCustomer(emu)).toEqual([]);
  });
});
