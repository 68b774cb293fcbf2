// Reads role definitions and the directory-scope assignments of the users whose roles are declared (all of them when
// pruning); principals of other assignments are named through one `$batch` of user reads. Every Global Administrator
// assignment is read too (in the same `$batch`), as a fact for the policy's last-Global-Administrator rule.
import type { FetchContext, FetchResult } from '../contract.js';
import { batchGet, batchLists } from '../../clients/reads.js';
import { filterEq, seg } from '../shared/graph.js';
import { GLOBAL_ADMIN_ROLE, globalAdminHolders, isGlobalAdmin, type AssignmentRef, type UserRef } from './global-admins.js';
import { usersWithRoles, type DesiredRole, type LiveRole, type RoleDefinition } from './model.js';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
const ASSIGNMENT_SELECT = '$select=id,roleDefinitionId,principalId,directoryScopeId';
const USER_SELECT = '$select=id,userPrincipalName,accountEnabled';

/** The declared principals' assignments, and the Global Administrator ones in the same round trip. */
async function assignmentsOf(ctx: FetchContext, principalIds: string[]): Promise<{ raw: AssignmentRef[]; admins: AssignmentRef[] }> {
  const paths = [
    ...principalIds.map((id) => `${ASSIGNMENTS}?${filterEq('principalId', id)}&${ASSIGNMENT_SELECT}`),
    `${ASSIGNMENTS}?${filterEq('roleDefinitionId', GLOBAL_ADMIN_ROLE)}&${ASSIGNMENT_SELECT}`,
  ];
  const lists = await batchLists<AssignmentRef>(ctx.clients.graph, paths);
  return { raw: lists.slice(0, -1).flat(), admins: lists.at(-1) ?? [] };
}

async function readUsers(ctx: FetchContext, keys: string[], into: Map<string, UserRef>): Promise<void> {
  // Assignments to groups and service principals answer 404 here: they are not this kind's.
  const users = await batchGet<UserRef>(ctx.clients.graph, keys.map((k) => `/users/${seg(k)}?${USER_SELECT}`));
  for (const u of users) if (u) into.set(u.id, u);
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
  const users = new Map<string, UserRef>();
  await readUsers(ctx, declared, users);
  const declaredIds = new Set(users.keys());

  const read = ctx.prune
    ? await graph.list<AssignmentRef>(`${ASSIGNMENTS}?${ASSIGNMENT_SELECT}`).then((raw) => ({ raw, admins: raw.filter(isGlobalAdmin) }))
    : await assignmentsOf(ctx, [...declaredIds]);
  const atRoot = read.raw.filter((a) => (a.directoryScopeId ?? '/') === '/');
  const unknown = [...new Set([...atRoot, ...read.admins.filter(isGlobalAdmin)].map((a) => a.principalId).filter((id) => !users.has(id)))];
  await readUsers(ctx, unknown, users);

  const nameOf = new Map(definitions.map((d) => [d.id, d.displayName]));
  const live: LiveRole[] = atRoot.flatMap((a) => {
    const upn = users.get(a.principalId)?.userPrincipalName.toLowerCase();
    if (!upn) return [];
    const role = nameOf.get(a.roleDefinitionId) ?? a.roleDefinitionId;
    return [{ id: a.id, upn, role, roleDefinitionId: a.roleDefinitionId, principalId: a.principalId }];
  });
  // What this kind does not manage, counted for export's comments: other scopes and principals that are not users.
  const leftOut = { otherScopes: read.raw.length - atRoot.length, otherPrincipals: atRoot.length - live.length };
  const tenantFacts = { globalAdmins: globalAdminHolders(read.admins, users) };
  return { live, complete: ctx.prune, facts: { roleDefinitions: definitions, leftOut }, tenantFacts };
}
