// Pure diff of directory role assignments on the children core: a user is the parent, `roles` its list, each role by
// display name. A name that two of the tenant's role definitions share (a custom role named like a built-in one) is
// an error naming both ids, never a pick; so is a user holding two assignments the same name would describe.
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { reconcileChildren, type Children } from '../shared/reconcile-children.js';
import { userAddress } from '../shared/refs.js';
import { addressOf, roleAddress, usersWithRoles, type DesiredRole, type LiveRole, type RoleDefinition } from './model.js';
import { resolveRoles } from './resolve.js';

interface Wanted extends DesiredRole { def: RoleDefinition }

const rules: Children<never, Wanted, LiveRole> = {
  kind: 'directoryRole',
  parentAddress: userAddress,
  parentOf: (o) => o.upn,
  listOf: () => 'roles',
  childOf: (o) => o.role,
  childId: (l) => l.id,
  principalOf: (l) => l.upn,
};

function removal(l: LiveRole, reason: 'not_declared' | 'pruned'): ProposedChange {
  return {
    kind: 'directoryRole', address: addressOf(l), action: 'delete', after: null, reason, fields: [],
    before: { userPrincipalName: l.upn, role: l.role, roleDefinitionId: l.roleDefinitionId, assignmentId: l.id },
    ops: { op: 'unassignRole', assignmentId: l.id },
  };
}

export function diffRoles(desired: DesiredRole[], live: LiveRole[], ctx: DiffContext): DiffResult {
  const definitions = (ctx.facts.roleDefinitions ?? []) as RoleDefinition[];
  const diagnostics: Diagnostic[] = [];
  const decls = usersWithRoles(ctx.tenant).map(({ spec, index }) => ({ key: spec.userPrincipalName, path: `users[${index}].roles`, lists: { roles: 'authoritative' as const } }));
  const plan = reconcileChildren(rules, decls, resolveRoles(desired, definitions, diagnostics, (d) => ({ address: roleAddress(d.upn, d.role), holder: d.upn })), live, { ...ctx, protected: ctx.tenant.policy?.protected ?? [] });
  diagnostics.push(...plan.diagnostics);
  const changes: ProposedChange[] = plan.parents.flatMap((p) => p.add).map((d) => ({
    kind: 'directoryRole', address: roleAddress(d.upn, d.def.displayName), action: 'create', before: null, reason: 'missing',
    after: { userPrincipalName: d.upn, role: d.def.displayName, roleDefinitionId: d.def.id, directoryScopeId: '/' },
    fields: [{ path: 'role', after: d.def.displayName }],
    ops: { op: 'assignRole', principal: userAddress(d.upn), roleDefinitionId: d.def.id, directoryScopeId: '/' },
    dependsOn: [userAddress(d.upn)],
  }));
  changes.push(...plan.parents.flatMap((p) => p.remove.map((l) => removal(l, 'not_declared'))), ...plan.pruned.map((l) => removal(l, 'pruned')));
  return { changes, diagnostics, unmanaged: plan.unmanaged };
}
