// Posture checks through `plan` and `validate` against the emulator: each check has a failing and a passing YAML,
// each finding points at file:line:col, and a waiver is honoured only in its one form. The refusal of security
// defaults beside an enabled policy follows the admin center (learn.microsoft.com/entra/fundamentals/security-defaults:
// security defaults and Conditional Access cannot be used together); Graph documents no answer of its own.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/cli/validate.js';
import type { ConditionalAccessPolicySpec } from '../../src/config/model.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { Plan } from '../../src/plan/types.js';
import { baseline, workspace } from './kit.js';
import { cliApply as apply, cliPlan as plan } from '../support/cli.js';
import { BREAKGLASS, securitySeed } from '../support/estates.js';
import { errors } from '../support/pipeline.js';

let emu: RunningEmulator;
beforeEach(async () => { emu = await startEmulator({ seed: securitySeed() }); });
afterEach(async () => { await emu.close(); });

const policies = () => baseline().conditionalAccess!;
const located = (p: Plan, id: string) => p.tenants[0]!.diagnostics.find((d) => d.summary.startsWith(`[${id}]`));
const BLOCK_ALL: ConditionalAccessPolicySpec = {
  displayName: 'Block everyone', state: 'enabled',
  conditions: { users: { includeUsers: ['All'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['All'] } },
  grantControls: { builtInControls: ['block'] },
};

async function planWith(over: Partial<ReturnType<typeof baseline>>) {
  const w = workspace({ ...baseline(), ...over });
  return { w, r: await plan(emu, w.dir, w.root) };
}

describe('ca-breakglass-excluded', () => {
  it('refuses an enabled MFA policy that does not exclude the breakglass account, at its line', async () => {
    const [p1] = policies();
    const { r } = await planWith({ conditionalAccess: [{ ...p1!, conditions: { ...p1!.conditions, users: { includeRoles: ['Global Administrator'] } } }] });
    expect(r.code).toBe(1);
    const d = located(r.plan, 'ca-breakglass-excluded')!;
    expect(d.summary).toContain(`does not exclude the breakglass account(s) ${BREAKGLASS}`);
    expect(d).toMatchObject({ file: expect.stringMatching(/tenant\.yaml$/), line: expect.any(Number), column: expect.any(Number) });
    expect(r.plan.tenants[0]!.status).toBe('error');
  });

  it('refuses such a policy when the tenant names no breakglass accounts', async () => {
    const { r } = await planWith({ policy: {} });
    expect(errors(r.plan).filter((e) => e.includes('names no breakglass accounts'))).toHaveLength(2);
  });

  it('passes with a group that holds exactly the breakglass accounts, and with a waiver', async () => {
    const [p1] = policies();
    const sections = baseline();
    const groups = [...sections.groups!, { mailNickname: 'breakglass', displayName: 'Breakglass', type: 'security' as const, members: [BREAKGLASS] }];
    const viaGroup = await planWith({ groups, conditionalAccess: [{ ...p1!, conditions: { ...p1!.conditions, users: { includeRoles: ['Global Administrator'], excludeGroups: ['breakglass'] } } }] });
    expect(viaGroup.r.code, viaGroup.r.out).toBe(2);
    const waived = await planWith({ policy: { breakglass: [BREAKGLASS], posture: { 'ca-breakglass-excluded:CA001 Require MFA for admins': { waive: true, reason: 'admins use FIDO2 only' } } }, conditionalAccess: [{ ...p1!, conditions: { ...p1!.conditions, users: { includeRoles: ['Global Administrator'] } } }] });
    expect(waived.r.code, waived.r.out).toBe(2);
    expect(waived.r.plan.tenants[0]!.diagnostics.map((d) => d.summary)).toContain('posture check ca-breakglass-excluded waived for "CA001 Require MFA for admins": admins use FIDO2 only');
  });

  it('is checked by validate too, with file:line:col', async () => {
    const [p1] = policies();
    const w = workspace({ ...baseline(), conditionalAccess: [{ ...p1!, conditions: { ...p1!.conditions, users: { includeRoles: ['Global Administrator'] } } }] });
    let out = '';
    expect(await runValidate({ dir: w.dir }, { stdout: (t) => (out += t), stderr: () => {} })).toBe(1);
    expect(out).toMatch(/tenant\.yaml:\d+:\d+: \[ca-breakglass-excluded\]/);
  });
});

describe('ca-security-defaults-conflict', () => {
  it('refuses security defaults declared on beside an enabled policy, and when they are on in the tenant', async () => {
    const declared = await planWith({ securityDefaults: { enabled: true } });
    expect(located(declared.r.plan, 'ca-security-defaults-conflict')?.summary).toContain('security defaults are declared on together with the enabled conditional access policy "CA001 Require MFA for admins"');
    const { securityDefaults: _sd, ...rest } = baseline();
    const w = workspace(rest);
    const live = await plan(emu, w.dir, w.root);
    expect(located(live.plan, 'ca-security-defaults-conflict')?.summary).toContain('are on in the tenant');
  });

  it('passes when the YAML switches security defaults off, and with only report-only policies', async () => {
    expect((await planWith({})).r.code).toBe(2);
    const { securityDefaults: _sd, ...rest } = baseline();
    const reportOnly = rest.conditionalAccess!.map((p) => ({ ...p, state: 'enabledForReportingButNotEnforced' as const }));
    const w = workspace({ ...rest, conditionalAccess: reportOnly });
    expect((await plan(emu, w.dir, w.root)).code).toBe(2);
  });
});

describe('ca-block-all', () => {
  it('refuses blocking All users from All apps unless report-only', async () => {
    const refused = await planWith({ conditionalAccess: [BLOCK_ALL], policy: { breakglass: [BREAKGLASS], posture: { 'ca-report-only-first': { waive: true, reason: 'test' } } } });
    expect(located(refused.r.plan, 'ca-block-all')?.summary).toContain('blocks All users from All cloud apps under every condition');
    const reportOnly = await planWith({ conditionalAccess: [{ ...BLOCK_ALL, state: 'enabledForReportingButNotEnforced' }] });
    expect(reportOnly.r.code, reportOnly.r.out).toBe(2);
    // A condition narrows it: blocking legacy clients for everyone is Microsoft's own template.
    const narrowed = await planWith({ conditionalAccess: [{ ...BLOCK_ALL, conditions: { ...BLOCK_ALL.conditions, clientAppTypes: ['exchangeActiveSync', 'other'] } }], policy: { breakglass: [BREAKGLASS], posture: { 'ca-report-only-first': { waive: true, reason: 'test' } } } });
    expect(narrowed.r.code, narrowed.r.out).toBe(2);
  });
});

describe('ca-report-only-first', () => {
  const legacy = () => policies()[2]!;

  it('refuses a new blocking policy declared enabled, telling to declare report-only first', async () => {
    const { r } = await planWith({ conditionalAccess: [{ ...legacy(), state: 'enabled' }] });
    expect(located(r.plan, 'ca-report-only-first')).toMatchObject({ detail: expect.stringContaining('declare state: enabledForReportingButNotEnforced first') });
  });

  it('passes once the policy has been live in report-only, and with a per-policy waiver', async () => {
    const { w, r } = await planWith({});
    expect((await apply(emu, w.dir, w.root, join(w.root, 'plan.json'))).code).toBe(0);
    const enable = workspace({ ...baseline(), conditionalAccess: [...policies().slice(0, 2), { ...legacy(), state: 'enabled' }] });
    const next = await plan(emu, enable.dir, enable.root);
    expect(next.code, next.out).toBe(2);
    expect(r.code).toBe(2);
    const waived = await planWith({ conditionalAccess: [{ ...legacy(), displayName: 'New block', state: 'enabled' }], policy: { breakglass: [BREAKGLASS], posture: { 'ca-report-only-first:new BLOCK': { waive: true, reason: 'emergency block' } } } });
    expect(waived.r.code, waived.r.out).toBe(2);
  });

  it('takes a waiver only in its one form', async () => {
    const w = workspace({ ...baseline(), policy: { breakglass: [BREAKGLASS], posture: { 'report-only': { waive: true, reason: 'x' } } } as never });
    let out = '';
    expect(await runValidate({ dir: w.dir }, { stdout: (t) => (out += t), stderr: () => {} })).toBe(1);
    expect(out).toMatch(/policy\.posture/);
  });
});

describe('ca-unknown-reference', () => {
  it('refuses a group, location or role that is neither declared nor live, at the entry', async () => {
    const [p1, p2] = policies();
    const { r } = await planWith({
      conditionalAccess: [
        { ...p1!, conditions: { ...p1!.conditions, users: { includeRoles: ['Global Admin'], excludeUsers: [BREAKGLASS] } } },
        { ...p2!, conditions: { ...p2!.conditions, users: { includeGroups: ['nobody'], excludeUsers: [BREAKGLASS] }, locations: { includeLocations: ['All'], excludeLocations: ['Mars'] } } },
      ],
    });
    expect(errors(r.plan)).toEqual(expect.arrayContaining([
      '[ca-unknown-reference] "Global Admin" is not a Microsoft Entra built-in role',
      '[ca-unknown-reference] group "nobody" is neither declared nor in the tenant',
      '[ca-unknown-reference] named location "Mars" is neither declared nor in the tenant',
    ]));
    expect(r.plan.tenants[0]!.diagnostics.filter((d) => d.summary.startsWith('[ca-unknown-reference]')).every((d) => d.line !== undefined)).toBe(true);
  });

  it('accepts a live group the YAML does not declare', async () => {
    const sections = baseline();
    const { r } = await planWith({ groups: sections.groups!.filter((g) => g.mailNickname !== 'finance') });
    expect(r.code, r.out).toBe(2);
  });
});
