import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { UserSpec } from '../../src/config/model.js';
import { withTenantform } from '../support/access.js';
import { loadedTenant } from '../support/folders.js';
import { tenantState, userByUpn } from '../support/http.js';
import { driver, only, summary } from '../support/pipeline.js';
import { DAVE_ID, E3, entraSeed, VISIO, YAMMER } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: withTenantform(entraSeed()) });
});
afterEach(async () => {
  await emu.close();
});

const desired = () => loadedTenant({
  users: [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Controller', usageLocation: 'SE',
      licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], roles: ['User Administrator'] },
    { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', department: 'Finance', manager: 'alice@contoso.com' },
    { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', roles: [] },
    { userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Head Buyer' },
    { userPrincipalName: 'frank@contoso.com', displayName: 'Frank Fors', usageLocation: 'SE', licenses: [{ sku: 'VISIOCLIENT' }] },
    { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
  ],
  groups: [
    { mailNickname: 'finance', displayName: 'Finance', members: ['alice@contoso.com', 'carol@contoso.com', 'frank@contoso.com', 'group:sub'] },
    { mailNickname: 'sub', displayName: 'Finance Sub', members: ['bob@contoso.com'] },
    { mailNickname: 'team', displayName: 'Team', type: 'microsoft365', visibility: 'Private', owners: ['alice@contoso.com'] },
  ],
});

describe('Entra kinds against the emulator', () => {
  it('plans every kind, applies, and plans zero changes afterwards', async () => {
    const d = driver(emu);
    const t = desired();
    const plan = await d.plan(t);
    const tp = only(plan);
    expect(tp.diagnostics).toEqual([]);
    expect(tp.status).toBe('changes');
    expect(summary(tp)).toEqual([
      'update user:alice@contoso.com (field_changed)',
      'update user:bob@contoso.com (field_changed)',
      'create user:dave@contoso.com (restore)',
      'create user:frank@contoso.com (missing)',
      'delete user:olduser@contoso.com (ensure_absent)',
      'update license:alice@contoso.com/SPE_E3 (field_changed)',
      'create license:frank@contoso.com/VISIOCLIENT (missing)',
      'create group:sub (missing)',
      'create group:team (missing)',
      'update membership:finance (members_changed)',
      'create membership:sub (missing)',
      'create membership:team (missing)',
      'create directoryRole:alice@contoso.com/User Administrator (missing)',
      'delete directoryRole:carol@contoso.com/Helpdesk Administrator (not_declared)',
    ]);
    expect(JSON.stringify(plan)).not.toMatch(/"password"\s*:/);

    const applied = await d.apply(plan, t);
    expect(applied.tenants[0]).toMatchObject({ status: 'applied', failed: [], skipped: [] });

    const again = only(await d.plan(t));
    expect(again).toMatchObject({ status: 'in_sync', changes: [], diagnostics: [] });

    const state = tenantState(emu);
    const alice = userByUpn(emu, 'alice@contoso.com')!;
    expect(alice.props.jobTitle).toBe('Controller');
    expect(alice.licenses).toEqual([{ skuId: E3, disabledPlans: [YAMMER] }]);
    expect(userByUpn(emu, 'bob@contoso.com')!.managerId).toBe(alice.id);
    expect(userByUpn(emu, 'frank@contoso.com')!.licenses).toEqual([{ skuId: VISIO, disabledPlans: [] }]);
    expect(userByUpn(emu, 'olduser@contoso.com')).toBeUndefined();
    expect([...state.deletedUsers.values()].map((u) => String(u.props.userPrincipalName))).toEqual([expect.stringContaining('olduser@contoso.com')]);
    // Users' roles only: the apps' service principals hold Exchange Administrator for Exchange app-only access.
    const users = new Set(state.users.keys());
    const roles = [...state.roleAssignments.values()].filter((a) => users.has(a.principalId)).map((a) => [a.principalId, a.roleDefinitionId]);
    expect(roles).toEqual([[alice.id, 'fe930be7-5e62-47db-91af-98c3a49a38b1']]);
  });

  it('restores a deleted user under its old id instead of creating a new one', async () => {
    const d = driver(emu);
    const t = loadedTenant({ users: [{ userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Head Buyer' }] });
    const tp = only(await d.plan(t));
    expect(tp.changes).toMatchObject([{ action: 'create', reason: 'restore', fields: [{ path: 'jobTitle', before: 'Buyer', after: 'Head Buyer' }] }]);
    await d.apply({ ...(await d.plan(t)) }, t);
    const dave = userByUpn(emu, 'dave@contoso.com')!;
    expect(dave.id).toBe(DAVE_ID);
    expect(dave.props.jobTitle).toBe('Head Buyer');
    expect(tenantState(emu).deletedUsers.size).toBe(0);
    expect(only(await d.plan(t)).status).toBe('in_sync');
  });

  it('reports a seat shortfall at plan time, naming the SKU and the missing seats', async () => {
    const users: UserSpec[] = ['g1', 'g2', 'g3'].map((n) => ({ userPrincipalName: `${n}@contoso.com`, displayName: n, usageLocation: 'SE', licenses: [{ sku: 'VISIOCLIENT' }] }));
    const tp = only(await driver(emu).plan(loadedTenant({ users })));
    expect(tp.status).toBe('error');
    expect(tp.diagnostics).toMatchObject([{ severity: 'error', summary: 'not enough VISIOCLIENT licenses: the plan needs 3 more but only 1 are free (short by 2)' }]);
  });

  it('adds and removes members, keeps additive groups additive, and converges', async () => {
    const d = driver(emu);
    const t = loadedTenant({ groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['alice@contoso.com', 'bob@contoso.com'] }] });
    const tp = only(await d.plan(t));
    expect(tp.changes).toMatchObject([{ address: 'membership:finance', fields: [{ path: 'members', added: ['user:alice@contoso.com'], removed: ['user:carol@contoso.com'] }] }]);
    await d.apply(await d.plan(t), t);
    const finance = [...tenantState(emu).groups.values()].find((g) => g.props.mailNickname === 'finance')!;
    const upns = [...finance.members].map((id) => String(tenantState(emu).users.get(id)?.props.userPrincipalName)).sort();
    expect(upns).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect(only(await d.plan(t)).status).toBe('in_sync');
    const additive = loadedTenant({ groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['carol@contoso.com'], membersMode: 'additive' }] });
    expect(only(await d.plan(additive)).changes).toMatchObject([{ fields: [{ path: 'members', added: ['user:carol@contoso.com'], removed: [] }] }]);
  });

  it('creates dynamic and licensed groups, and users whose manager is created in the same plan', async () => {
    const d = driver(emu);
    const t = loadedTenant({
      users: [
        { userPrincipalName: 'boss@contoso.com', displayName: 'Boss', usageLocation: 'SE' },
        { userPrincipalName: 'worker@contoso.com', displayName: 'Worker', manager: 'boss@contoso.com', usageLocation: 'SE' },
      ],
      groups: [
        { mailNickname: 'sales-dyn', displayName: 'Sales', membershipRule: 'user.department -eq "Sales"' },
        { mailNickname: 'e3-users', displayName: 'E3 users', licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], members: ['worker@contoso.com'] },
      ],
      policy: { prune: { groups: true }, protected: ['group:finance'] },
    });
    const tp = only(await d.plan(t));
    expect(tp.diagnostics).toMatchObject([{ severity: 'warning', summary: 'group:finance is protected; the planned delete was dropped' }]);
    const worker = tp.changes.find((c) => c.address === 'user:worker@contoso.com')!;
    const boss = tp.changes.find((c) => c.address === 'user:boss@contoso.com')!;
    expect(worker.dependsOn).toEqual([boss.id]);
    const applied = await d.apply(await d.plan(t), t);
    expect(applied.tenants[0]).toMatchObject({ status: 'applied', failed: [] });
    const state = tenantState(emu);
    const groups = [...state.groups.values()];
    expect(groups.find((g) => g.props.mailNickname === 'sales-dyn')?.props.groupTypes).toEqual(['DynamicMembership']);
    expect(groups.find((g) => g.props.mailNickname === 'e3-users')?.licenses).toEqual([{ skuId: E3, disabledPlans: [YAMMER] }]);
    expect(userByUpn(emu, 'worker@contoso.com')!.managerId).toBe(userByUpn(emu, 'boss@contoso.com')!.id);
    expect(only(await d.plan(t))).toMatchObject({ status: 'in_sync', changes: [] });
  });

  it('fails closed when reads fail: an errored tenant with no changes planned', async () => {
    await emu.close();
    emu = await startEmulator({ seed: withTenantform(entraSeed()), faults: '503:1,seed:1' });
    const t = loadedTenant({ users: [{ userPrincipalName: 'olduser@contoso.com', ensure: 'absent' }], policy: { prune: { users: true } } });
    const tp = only(await driver(emu).plan(t));
    expect(tp).toMatchObject({ status: 'error', changes: [] });
  });
});
