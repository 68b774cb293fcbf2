// Pure diff of directory role assignments by role display name.
import { didYouMean } from '../../catalog/entra-roles.js';
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { userAddress } from '../shared/refs.js';
import { addressOf, roleAddress, usersWithRoles, type DesiredRole, type LiveRole, type RoleDefinition } from './model.js';
import { unlisted } from '../shared/unlisted.js';

export function diffRoles(desired: DesiredRole[], live: LiveRole[], ctx: DiffContext): DiffResult {
  const definitions = (ctx.facts.roleDefinitions ?? []) as RoleDefinition[];
  // Suggestions come from the tenant's own definitions, which hold its custom roles besides the built-in ones.
  const names = definitions.map((r) => r.displayName);
  const liveBy = new Map(live.map((l) => [addressOf(l), l]));
  const listed = new Set(usersWithRoles(ctx.tenant).map(({ spec }) => spec.userPrincipalName.toLowerCase()));
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const wanted = new Set<string>();
  for (const d of desired) {
    const def = definitions.find((r) => r.displayName.toLowerCase() === d.role.toLowerCase());
    if (!def) {
      diagnostics.push({ severity: 'error', summary: `${d.upn}: directory role "${d.role}" does not exist in this tenant${didYouMean(d.role, names)}`, address: roleAddress(d.upn, d.role), path: d.path });
      continue;
    }
    const address = roleAddress(d.upn, def.displayName);
    wanted.add(address);
    if (liveBy.has(address)) continue;
    changes.push({
      kind: 'directoryRole', address, action: 'create', before: null, reason: 'missing',
      after: { userPrincipalName: d.upn, role: def.displayName, roleDefinitionId: def.id, directoryScopeId: '/' },
      fields: [{ path: 'role', after: def.displayName }],
      dependsOn: [userAddress(d.upn)],
    });
  }
  const { removals, unmanaged } = unlisted(live, addressOf, wanted, listed, ctx);
  for (const { item: l, address, reason } of removals) {
    changes.push({
      kind: 'directoryRole', address, action: 'delete', after: null, reason, fields: [],
      before: { userPrincipalName: l.upn, role: l.role, roleDefinitionId: l.roleDefinitionId, assignmentId: l.id },
    });
  }
  return { changes, diagnostics, unmanaged };
}
