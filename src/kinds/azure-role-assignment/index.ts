// Azure role assignments on subscriptions, resource groups and resources. Assignments are immutable, so a change
// is a create or a delete. CSP subscriptions come with the partner's foreign-principal (Admin Agents) Owner
// assignment: it is reported as unmanaged and never pruned, like anything inherited from above the subscription.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../clients/errors.js';
import type { ApplyContext, ApplyResult, DiffResult, Kind, ProposedChange } from '../contract.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import { armOf } from '../azure/api.js';
import {
  API, AUTH, KIND, address, inherited, principalAddress, principalKind, selectAssignments,
  type DesiredAssignment, type LiveAssignment, type RoleFacts,
} from './model.js';
import { exportAzureRoleAssignments } from './export.js';
import { readAll, resolvePrincipal } from './read.js';


function diff(desired: DesiredAssignment[], live: LiveAssignment[], ctx: { prune: boolean; complete: boolean; facts: Record<string, unknown> }): DiffResult {
  const facts = ctx.facts as unknown as RoleFacts;
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const byAddress = new Map(live.map((l) => [address(l), l]));
  const declared = new Set<string>();
  for (const d of desired) {
    const roleId = facts.roles?.[d.subscriptionId]?.[d.role.toLowerCase()];
    if (!roleId) {
      diagnostics.push({ severity: 'error', summary: `unknown Azure role '${d.role}' in subscription ${d.subscriptionId}`, address: address(d), path: `${d.path}.role` });
      continue;
    }
    if (!principalKind(d.principal)) {
      diagnostics.push({ severity: 'error', summary: `principal '${d.principal}' must start with user:, group: or servicePrincipal:`, address: address(d), path: `${d.path}.principal` });
      continue;
    }
    const key = address(d);
    declared.add(key);
    const l = byAddress.get(key);
    if (d.ensure === 'absent') {
      if (l) changes.push({ kind: KIND, address: key, action: 'delete', fields: [], before: { ...l }, after: null, destructive: true, reason: 'ensure_absent' });
      continue;
    }
    if (l) continue;
    const principalId = facts.principals?.[d.principal.toLowerCase()];
    const after = { scope: d.scope, principal: d.principal, role: d.role, roleDefinitionId: roleId, ...(principalId ? { principalId } : {}) };
    const dep = principalAddress(d.principal);
    changes.push({
      kind: KIND, address: key, action: 'create', before: null, after, reason: 'missing', ...(dep && !principalId ? { dependsOn: [dep] } : {}),
      fields: [{ path: 'role', after: d.role }, { path: 'principal', after: d.principal }, { path: 'scope', after: d.scope }],
    });
  }
  const undeclared = live.filter((l) => !declared.has(address(l)));
  const protectedOnes = undeclared.filter((l) => l.principalType === 'ForeignGroup' || inherited(l));
  if (protectedOnes.length > 0) {
    diagnostics.push({ severity: 'info', summary: `${protectedOnes.length} foreign-principal or inherited role assignment(s) (CSP Admin Agents) are left alone`, detail: protectedOnes.map((l) => `${l.role} for ${l.principalType} ${l.principalId} at ${l.scope}`).join('\n') });
  }
  if (ctx.prune && ctx.complete) {
    for (const l of undeclared) {
      if (protectedOnes.includes(l)) continue;
      changes.push({ kind: KIND, address: address(l), action: 'delete', fields: [], before: { ...l }, after: null, destructive: true, reason: 'pruned' });
    }
  }
  return { changes, diagnostics, unmanaged: undeclared.length };
}

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
  diff,
  async apply(change, ctx) {
    if (change.action === 'create') return create(change, ctx);
    if (change.action === 'delete') {
      await armOf(ctx.clients).delete(`${String(change.before?.id)}?${API}`);
      return {};
    }
    throw new Error(`${KIND} cannot ${change.action}: role assignments are created or deleted`);
  },
};
