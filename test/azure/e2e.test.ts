// plan → apply → plan against the emulator over HTTP, through the real engine, for each azure/partner kind.
import { afterEach, describe, expect, it } from 'vitest';
import { planRun } from '../../src/engine/run.js';
import { applyPlan, type ApplyLogEntry } from '../../src/engine/apply.js';
import type { LoadedTenant, TenantConfig } from '../../src/config/model.js';
import { kinds as allKinds } from '../../src/kinds/index.js';
import { approveGdapRelationship, relationships } from '../../src/emulator/graph/gdap-model.js';
import { EMULATOR_APP } from '../../src/clients/index.js';
import { startAzure, type World } from '../support/clients.js';
import { DEPLOY_APP } from '../support/estates.js';
import { CONTOSO, SUB } from '../support/seed.js';
import { TEST_APP } from '../support/world.js';

// Only the kinds under test: the users these tests declare exist to count licenses, not to be created.
const kinds = allKinds.filter((k) => ['azureRoleAssignment', 'gdap', 'adminLink', 'seats'].includes(k.kind));

let w: World | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

function loaded(rest: Partial<TenantConfig>): LoadedTenant {
  const config = { tenant: { name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'] }, ...rest } as TenantConfig;
  return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/tenant.yaml'], locate: () => undefined, diagnostics: [] };
}

async function cycle(world: World, t: LoadedTenant) {
  const plan = await planRun({ tenants: [t], clientsFor: () => world.clients(), kinds });
  const log: ApplyLogEntry[] = [];
  const summary = await applyPlan({ plan, tenants: [t], clientsFor: () => world.clients(), kinds, log: (e) => log.push(e) });
  const again = await planRun({ tenants: [t], clientsFor: () => world.clients(), kinds });
  return { plan: plan.tenants[0]!, summary, log, again: again.tenants[0]! };
}

describe('azure role assignments end to end', () => {
  it('creates by name for users, groups and service principals, leaves Admin Agents alone, prunes the rest, converges', async () => {
    w = await startAzure({ replicationDelayMs: 60_000 });
    const tenant = w.server.state.tenants.get(CONTOSO)!;
    // The service principal is inside ARM's replication window (seeded now, the clock stands still); a user made now
    // would be inside Graph's too, and unknown to the plan, so the principalType fallback is exercised through it.
    const t = loaded({
      policy: { prune: { azureRoleAssignments: true } },
      azure: { subscriptions: [{ id: SUB, roleAssignments: [
        { principal: 'group:azure-admins', role: 'Owner' },
        { principal: 'user:alice@contoso.com', role: 'Reader', scope: '/resourceGroups/rg-finance' },
        { principal: `servicePrincipal:${DEPLOY_APP}`, role: 'Contributor', scope: '/resourceGroups/rg-web' },
        // The apps' own access: a YAML that prunes declares them, or the plan would take them away.
        { principal: `servicePrincipal:${TEST_APP}`, role: 'Owner' },
        { principal: `servicePrincipal:${EMULATOR_APP.clientId}`, role: 'User Access Administrator' },
      ] }] },
    });
    const { plan, summary, again, log } = await cycle(w, t);
    expect(plan.status).toBe('changes');
    expect(plan.changes.map((c) => `${c.action} ${c.reason}`).sort()).toEqual(['create missing', 'create missing', 'create missing', 'delete pruned']);
    expect(plan.diagnostics.some((d) => d.severity === 'info' && /foreign-principal/.test(d.summary))).toBe(true);
    expect(summary.status, JSON.stringify(log)).toBe('success');
    expect(again.status).toBe('in_sync');
    expect(again.unmanaged.azureRoleAssignment).toBe(1);
    const model = tenant.ext.arm as { assignments: { principalId: string; principalType: string }[] };
    expect(log.some((e) => e.status === 'completed' && /after PrincipalNotFound/.test(String(e.message)))).toBe(true);
    expect(model.assignments.some((a) => a.principalType === 'ForeignGroup')).toBe(true);
  });

  it('reports an unknown role with its YAML path and plans nothing for it', async () => {
    w = await startAzure();
    const t = loaded({ azure: { subscriptions: [{ id: SUB, roleAssignments: [{ principal: 'user:alice@contoso.com', role: 'Chief Wizard' }] }] } });
    const plan = await planRun({ tenants: [t], clientsFor: () => w!.clients(), kinds });
    expect(plan.tenants[0]!.diagnostics[0]).toMatchObject({ severity: 'error', path: 'azure.subscriptions[0].roleAssignments[0].role' });
  });
});

describe('partner admin link and seats end to end', () => {
  it('links the partner, then moves the link', async () => {
    w = await startAzure();
    const first = await cycle(w, loaded({ partner: { adminLink: { partnerId: '4711001' } } }));
    expect(first.plan.changes[0]).toMatchObject({ action: 'create', address: 'adminLink' });
    expect(first.again.status).toBe('in_sync');
    const moved = await cycle(w, loaded({ partner: { adminLink: { partnerId: '4711002' } } }));
    expect(moved.plan.changes[0]).toMatchObject({ action: 'update', fields: [{ path: 'partnerId', before: '4711001', after: '4711002' }] });
    expect(moved.again.status).toBe('in_sync');
  });

  it('resizes a subscription, warns when YAML assigns more than the seats, refuses seats below consumption', async () => {
    w = await startAzure();
    const users = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({ userPrincipalName: `${n}@contoso.com`, displayName: n, licenses: [{ sku: 'SPE_E3' }] }));
    const { plan, again } = await cycle(w, loaded({ users, partner: { seats: [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity: 5 }] } }) as LoadedTenant);
    expect(plan.changes[0]).toMatchObject({ action: 'update', fields: [{ path: 'quantity', before: 10, after: 5 }] });
    // This world serves a Graph fixture without role management or `$count`: the inventory is unknown, said apart.
    const notes = plan.diagnostics.filter((d) => !d.summary.startsWith('inventory unknown: '));
    expect(notes).toEqual([expect.objectContaining({ severity: 'warning', summary: 'the YAML assigns 6 SPE_E3 licenses but declares 5 seats' })]);
    expect(again.changes).toEqual([]);
    const low = await planRun({ tenants: [loaded({ partner: { seats: [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity: 2 }] } })], clientsFor: () => w!.clients(), kinds });
    expect(low.tenants[0]!.status).toBe('error');
    expect(low.tenants[0]!.diagnostics[0]!.summary).toMatch(/below the 3 licenses already assigned/);
  });
});

describe('GDAP end to end', () => {
  const spec = (roles: string[]) => loaded({ partner: { gdap: [{
    displayName: 'contoso-helpdesk', duration: 'P730D', autoExtend: 'P180D', roles,
    access: [{ group: 'Partner Helpdesk Agents', roles: ['Helpdesk Administrator'] }],
  }] } });

  it('creates, waits for approval, assigns access, then replaces on a role change through approval', async () => {
    w = await startAzure();
    const first = await cycle(w, spec(['Helpdesk Administrator']));
    expect(first.plan.changes[0]).toMatchObject({ action: 'create', address: 'gdap:contoso-helpdesk' });
    expect(first.summary.status).toBe('success');
    expect(first.again.changes).toEqual([]);
    expect(first.again.diagnostics[0]).toMatchObject({ severity: 'info' });
    expect(first.again.diagnostics[0]!.detail).toMatch(/^approval link .*granularAdminRelationships\/[0-9a-f-]+$/);

    const [rel] = relationships(w.server.state);
    approveGdapRelationship(w.server.state, rel!.id);
    const access = await cycle(w, spec(['Helpdesk Administrator']));
    expect(access.plan.changes[0]).toMatchObject({ action: 'update', reason: 'field_changed', fields: [expect.objectContaining({ path: 'access' })] });
    expect(access.again.status).toBe('in_sync');

    const replace = await cycle(w, spec(['Helpdesk Administrator', 'User Administrator']));
    expect(replace.plan.changes[0]).toMatchObject({ action: 'replace', reason: 'roles_changed_on_active' });
    expect(replace.summary.status).toBe('success');
    const successor = relationships(w.server.state).find((r) => r.displayName === 'contoso-helpdesk (2)')!;
    expect(successor.status).toBe('approvalPending');
    expect(replace.again.changes).toEqual([]);

    approveGdapRelationship(w.server.state, successor.id);
    const finish = await cycle(w, spec(['Helpdesk Administrator', 'User Administrator']));
    expect(finish.plan.changes[0]).toMatchObject({ action: 'update', reason: 'replacement_approved' });
    expect(finish.summary.status).toBe('success');
    expect(relationships(w.server.state).find((r) => r.id === rel!.id)!.status).toBe('terminated');
    expect(successor.accessAssignments.filter((a) => a.status === 'active')).toHaveLength(1);
    expect(finish.again.status).toBe('in_sync');
  });
});
