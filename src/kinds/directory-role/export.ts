// Export of directory role assignments of users at directory scope, by role display name. Assignments to groups,
// service principals and foreign principals, and those scoped to an administrative unit, are not this kind's.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count, sortStrings } from '../shared/export.js';
import { fetchRoles } from './fetch.js';
import type { RoleDefinition } from './model.js';

export async function exportRoles(ctx: FetchContext): Promise<ExportResult> {
  const { live, facts } = await fetchRoles({ ...ctx, prune: true }, []);
  const known = new Set(((facts?.roleDefinitions ?? []) as RoleDefinition[]).map((d) => d.displayName));
  const leftOut = (facts?.leftOut ?? { otherScopes: 0, otherPrincipals: 0 }) as { otherScopes: number; otherPrincipals: number };
  const byUser = new Map<string, string[]>();
  const notes: Record<string, string[]> = {};
  const unnamed = new Set<string>();
  for (const l of live) {
    if (!known.has(l.role)) unnamed.add(l.upn);
    byUser.set(l.upn, [...(byUser.get(l.upn) ?? []), l.role]);
  }
  const items: Record<string, unknown>[] = [];
  for (const [upn, roles] of [...byUser].sort(byKey(([u]) => u))) {
    if (unnamed.has(upn)) {
      notes[upn] = ['roles not exported: an assigned role has no definition by that id in this tenant'];
      continue;
    }
    items.push({ userPrincipalName: upn, roles: sortStrings([...new Set(roles)]) });
  }
  const comments = [`${count(live.length, 'directory role assignment')} of users at directory scope`];
  if (leftOut.otherPrincipals) {
    comments.push(`${count(leftOut.otherPrincipals, 'role assignment')} to groups, service principals or foreign principals not exported`);
  }
  if (leftOut.otherScopes) comments.push(`${count(leftOut.otherScopes, 'role assignment')} scoped to administrative units or objects not exported`);
  return { section: 'users', items, comments, notes };
}
