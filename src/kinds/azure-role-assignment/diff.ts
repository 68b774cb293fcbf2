// Pure diff of Azure role assignments on the reconcile core. Assignments are immutable: a declared one is created
// or deleted, never updated. The partner's foreign-principal (Admin Agents) assignment and anything inherited from
// above the subscription are counted as unmanaged but never pruned.
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { declaredEntries, reconcile, type Collection } from '../shared/reconcile.js';
import { KIND, address, inherited, principalAddress, principalKind, type DesiredAssignment, type LiveAssignment, type RoleFacts } from './model.js';
import { ambiguousPrincipal } from './read.js';

const keptAlone = (l: LiveAssignment): boolean => l.principalType === 'ForeignGroup' || inherited(l);

/** The declared entries the diff can plan; the others are errors naming their YAML path. */
function plannable(desired: DesiredAssignment[], facts: RoleFacts, diagnostics: Diagnostic[]): DesiredAssignment[] {
  return desired.filter((d) => {
    const error = (summary: string, field: string) => diagnostics.push({ severity: 'error', summary, address: address(d), path: `${d.path}.${field}` });
    const several = facts.ambiguous?.[d.principal.toLowerCase()];
    if (!facts.roles?.[d.subscriptionId]?.[d.role.toLowerCase()]) error(`unknown Azure role '${d.role}' in subscription ${d.subscriptionId}`, 'role');
    else if (!principalKind(d.principal)) error(`principal '${d.principal}' must start with user:, group: or servicePrincipal:`, 'principal');
    else if (several) error(ambiguousPrincipal(d.principal, several), 'principal');
    else return true;
    return false;
  });
}

function create(d: DesiredAssignment, facts: RoleFacts): ProposedChange {
  const roleId = facts.roles[d.subscriptionId]![d.role.toLowerCase()]!;
  const principalId = facts.principals?.[d.principal.toLowerCase()];
  const after = { scope: d.scope, principal: d.principal, role: d.role, roleDefinitionId: roleId, ...(principalId ? { principalId } : {}) };
  const dep = principalAddress(d.principal);
  return {
    kind: KIND, address: address(d), action: 'create', before: null, after, reason: 'missing', ...(dep && !principalId ? { dependsOn: [dep] } : {}),
    fields: [{ path: 'role', after: d.role }, { path: 'principal', after: d.principal }, { path: 'scope', after: d.scope }],
  };
}

export function diffAssignments(desired: DesiredAssignment[], live: LiveAssignment[], ctx: Pick<DiffContext, 'prune' | 'complete' | 'facts' | 'caller'>): DiffResult {
  const facts = ctx.facts as unknown as RoleFacts;
  const diagnostics: Diagnostic[] = [];
  const assignments: Collection<DesiredAssignment, LiveAssignment> = {
    ...declaredEntries<DesiredAssignment, LiveAssignment>(KIND, address, (l) => l.id),
    create: (d) => create(d, facts),
    update: () => undefined,
    grantee: (l) => [l.principalId],
    remove: (l, reason) => (reason === 'pruned' && keptAlone(l) ? undefined
      : { kind: KIND, address: address(l), action: 'delete', fields: [], before: { ...l }, after: null, destructive: true, reason }),
  };
  const out = reconcile(assignments, plannable(desired, facts, diagnostics), live, ctx);
  const alone = out.undeclared.filter(keptAlone);
  if (alone.length > 0) {
    diagnostics.push({ severity: 'info', summary: `${alone.length} foreign-principal or inherited role assignment(s) (CSP Admin Agents) are left alone`, detail: alone.map((l) => `${l.role} for ${l.principalType} ${l.principalId} at ${l.scope}`).join('\n') });
  }
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}
