// Pure diff of a partner app's directory roles on the children core: the app's consent is the parent, `roles` its
// list, each role by display name. A name two role definitions share is an error naming both ids; an app with two
// service principals in the customer is an error naming both, as nothing can tell which one the consent made.
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { ambiguity, reconcileChildren, type Children } from '../shared/reconcile-children.js';
import { resolveRoles } from '../directory-role/resolve.js';
import type { RoleDefinition } from '../directory-role/model.js';
import { KIND, addressOf, consentAddress, consentsWithRoles, roleAddress, spAddress, type DesiredConsentRole, type LiveConsentRole } from './model.js';

interface Wanted extends DesiredConsentRole { def: RoleDefinition }

const rules: Children<never, Wanted, LiveConsentRole> = {
  kind: KIND,
  parentAddress: consentAddress,
  parentOf: (o) => o.appId,
  listOf: () => 'roles',
  childOf: (o) => o.role,
  childId: (l) => l.id,
  principalOf: (l) => spAddress(l.appId),
  grantee: (l) => [l.appId, l.principalId],
};

const removal = (l: LiveConsentRole): ProposedChange => ({
  kind: KIND, address: addressOf(l), action: 'delete', after: null, reason: 'not_declared', fields: [],
  before: { applicationId: l.appId, role: l.role, roleDefinitionId: l.roleDefinitionId, assignmentId: l.id },
  ops: { op: 'unassignRole', assignmentId: l.id },
});

export function diffConsentRoles(desired: DesiredConsentRole[], live: LiveConsentRole[], ctx: DiffContext): DiffResult {
  const definitions = (ctx.facts.roleDefinitions ?? []) as RoleDefinition[];
  const principals = (ctx.facts.principals ?? {}) as Record<string, string[]>;
  const diagnostics: Diagnostic[] = [];
  const twice = new Set(Object.entries(principals).filter(([, ids]) => ids.length > 1).map(([appId]) => appId));
  for (const appId of twice) diagnostics.push(ambiguity(spAddress(appId), 'service principals', principals[appId]!));
  const decls = consentsWithRoles(ctx.tenant)
    .filter(({ spec }) => !twice.has(spec.applicationId.toLowerCase()))
    .map(({ spec, index }) => ({ key: spec.applicationId, path: `partner.consent[${index}].roles`, lists: { roles: 'authoritative' as const } }));
  const wanted = resolveRoles(desired.filter((d) => !twice.has(d.appId)), definitions, diagnostics, (d) => ({ address: roleAddress(d.appId, d.role), holder: `app ${d.appId}` }));
  const plan = reconcileChildren(rules, decls, wanted, live.filter((l) => !twice.has(l.appId)), { ...ctx, protected: ctx.tenant.policy?.protected ?? [] });
  diagnostics.push(...plan.diagnostics);
  const changes: ProposedChange[] = plan.parents.flatMap((p) => p.add).map((d) => ({
    kind: KIND, address: roleAddress(d.appId, d.def.displayName), action: 'create', before: null, reason: 'missing',
    after: { applicationId: d.appId, role: d.def.displayName, roleDefinitionId: d.def.id, directoryScopeId: '/' },
    fields: [{ path: 'role', after: d.def.displayName }],
    // The principal is the service principal the consent creates, possibly earlier in this apply.
    ops: { op: 'assignRole', principal: spAddress(d.appId), roleDefinitionId: d.def.id, directoryScopeId: '/' },
    dependsOn: [consentAddress(d.appId)],
  }));
  changes.push(...plan.parents.flatMap((p) => p.remove.map(removal)));
  return { changes, diagnostics, unmanaged: plan.unmanaged };
}
