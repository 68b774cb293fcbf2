// Azure role assignments on subscriptions, resource groups and resources. Assignments are immutable, so a change
// is a create or a delete. CSP subscriptions come with the partner's foreign-principal (Admin Agents) Owner
// assignment: it is reported as unmanaged and never pruned, like anything inherited from above the subscription.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../clients/errors.js';
import type { ApplyContext, ApplyResult, Kind } from '../contract.js';
import type { Change } from '../../plan/types.js';
import { armOf } from '../azure/api.js';
import { API, AUTH, KIND, address, principalKind, selectAssignments, type DesiredAssignment, type LiveAssignment } from './model.js';
import { diffAssignments } from './diff.js';
import { exportAzureRoleAssignments } from './export.js';
import { readAll, resolvePrincipal } from './read.js';

async function principalIdFor(change: Change, ctx: ApplyContext, ref: string): Promise<string> {
  const known = (change.after?.principalId as string | undefined) ?? ctx.ids.lookup?.(ref.toLowerCase());
  if (known) return known;
  const found = await resolvePrincipal(ctx.clients.graph, ref);
  if (!found) throw new Error(`principal ${ref} does not exist in the tenant`);
  return found;
}

async function create(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const arm = armOf(ctx.clients);
  const a = change.after as { scope: string; principal: string; roleDefinitionId: string };
  const sub = a.scope.split('/')[2] ?? '';
  const name = randomUUID();
  const path = `${a.scope}/${AUTH}/roleAssignments/${name}?${API}`;
  const properties = { roleDefinitionId: `/subscriptions/${sub}/${AUTH}/roleDefinitions/${a.roleDefinitionId}`, principalId: await principalIdFor(change, ctx, a.principal) };
  try {
    const out = await arm.put<{ id: string }>(path, { properties });
    return { id: out.id };
  } catch (error) {
    // A principal created moments ago is not yet visible to ARM; naming its type skips that lookup.
    if (!(error instanceof ApiError) || error.code !== 'PrincipalNotFound') throw error;
    const out = await arm.put<{ id: string }>(path, { properties: { ...properties, principalType: principalKind(a.principal) } });
    return { id: out.id, message: 'assigned with principalType after PrincipalNotFound (replication delay)' };
  }
}

export const azureRoleAssignmentKind: Kind<DesiredAssignment, LiveAssignment> = {
  kind: KIND,
  shape: 'child', section: 'azure.subscriptions', parentKey: ['id'], parentLabel: 'subscription', fields: ['roleAssignments'],
    listKey: ['principal', 'role', 'scope'], prefix: KIND, schema: 'azure.schema.json',
    uses: [{ field: 'roleAssignments[].principal', types: ['user', 'group'] }],
  // Principals are resolved in Graph (users, groups by mailNickname, service principals by appId).
  permissions: {
    read: { graph: ['User.Read.All', 'GroupMember.Read.All', 'Application.Read.All'], arm: ['Reader'], gdapRoles: ['Directory Readers'] },
    write: { arm: ['User Access Administrator'] },
  },
  pruneKey: 'azureRoleAssignments',
  select: selectAssignments,
  address,
  export: (ctx) => exportAzureRoleAssignments(ctx, azureRoleAssignmentKind.fetch),
  async fetch(ctx, desired) {
    const subs = (ctx.tenant.azure?.subscriptions ?? []).map((s) => s.id);
    if (subs.length === 0) return { live: [], complete: true };
    const { live, facts } = await readAll(armOf(ctx.clients), ctx.clients.graph, subs, desired);
    return { live, complete: true, facts: facts as unknown as Record<string, unknown> };
  },
  diff: diffAssignments,
  async apply(change, ctx) {
    if (change.action === 'create') return create(change, ctx);
    if (change.action === 'delete') {
      await armOf(ctx.clients).delete(`${String(change.before?.id)}?${API}`);
      return {};
    }
    throw new Error(`${KIND} cannot ${change.action}: role assignments are created or deleted`);
  },
};
