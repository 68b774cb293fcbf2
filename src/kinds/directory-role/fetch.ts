// Reads role definitions and the directory-scope assignments of the users whose roles are declared (all of them when
// pruning); principals of other assignments are named through one `$batch` of user reads.
import type { FetchContext, FetchResult } from '../contract.js';
import { batchGet, filterEq, restOfPages, seg, type Page } from '../shared/graph.js';
import { usersWithRoles, type DesiredRole, type LiveRole, type RoleDefinition } from './model.js';

interface RawAssignment {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  directoryScopeId?: string;
}

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
const ASSIGNMENT_SELECT = '$select=id,roleDefinitionId,principalId,directoryScopeId';

async function assignmentsOf(ctx: FetchContext, principalIds: string[]): Promise<RawAssignment[]> {
  const paths = principalIds.map((id) => `${ASSIGNMENTS}?${filterEq('principalId', id)}&${ASSIGNMENT_SELECT}`);
  const pages = await batchGet<Page<RawAssignment>>(ctx.clients.graph, paths);
  const lists = await Promise.all(pages.map((p, i) => restOfPages(ctx.clients.graph, p ?? {}, paths[i]!)));
  return lists.flat();
}

export async function fetchRoles(ctx: FetchContext, _desired: DesiredRole[]): Promise<FetchResult<LiveRole>> {
  const graph = ctx.clients.graph;
  const declared = usersWithRoles(ctx.tenant).map(({ spec }) => spec.userPrincipalName);
  // No roles declared and none to prune: nothing to compare, so no request (most tenants of an estate).
  if (declared.length === 0 && !ctx.prune) return { live: [], complete: false, facts: { roleDefinitions: [] } };
  const definitions = (await graph.list<RoleDefinition>('/roleManagement/directory/roleDefinitions?$select=id,displayName')).map((d) => ({
    id: d.id,
    displayName: d.displayName,
  }));
  const users = await batchGet<{ id: string; userPrincipalName: string }>(graph, declared.map((upn) => `/users/${seg(upn)}?$select=id,userPrincipalName`));
  const upnById = new Map<string, string>();
  for (const u of users) if (u) upnById.set(u.id, u.userPrincipalName.toLowerCase());

  const raw = ctx.prune ? await graph.list<RawAssignment>(`${ASSIGNMENTS}?${ASSIGNMENT_SELECT}`) : await assignmentsOf(ctx, [...upnById.keys()]);
  const atRoot = raw.filter((a) => (a.directoryScopeId ?? '/') === '/');
  const unknown = [...new Set(atRoot.map((a) => a.principalId).filter((id) => !upnById.has(id)))];
  // Assignments to groups and service principals answer 404 here: they are not this kind's.
  const others = await batchGet<{ id: string; userPrincipalName: string }>(graph, unknown.map((id) => `/users/${seg(id)}?$select=id,userPrincipalName`));
  for (const u of others) if (u) upnById.set(u.id, u.userPrincipalName.toLowerCase());

  const nameOf = new Map(definitions.map((d) => [d.id, d.displayName]));
  const live: LiveRole[] = atRoot.flatMap((a) => {
    const upn = upnById.get(a.principalId);
    if (!upn) return [];
    const role = nameOf.get(a.roleDefinitionId) ?? a.roleDefinitionId;
    return [{ id: a.id, upn, role, roleDefinitionId: a.roleDefinitionId, principalId: a.principalId }];
  });
  // What this kind does not manage, counted for export's comments: other scopes and principals that are not users.
  const leftOut = { otherScopes: raw.length - atRoot.length, otherPrincipals: atRoot.length - live.length };
  return { live, complete: ctx.prune, facts: { roleDefinitions: definitions, leftOut } };
}
