// Reading role assignments: role definitions and assignments per declared subscription from ARM, and the declared
// principals' object ids from Graph (absent ones may be created earlier in the same plan).
import type { GraphApi } from '../../clients/types.js';
import { orAbsent, quote, type RestApi } from '../azure/api.js';
import { API, AUTH, type DesiredAssignment, type LiveAssignment, type RoleFacts } from './model.js';

interface ArmDefinition { name: string; properties: { roleName: string } }
interface ArmAssignment { id: string; properties: { roleDefinitionId: string; principalId: string; principalType: string; scope: string } }

/** Every object id a reference names: a user by UPN is one at most; a group's mailNickname may be shared. */
export async function principalIds(graph: GraphApi, ref: string): Promise<string[]> {
  const [prefix, ...rest] = ref.split(':');
  const key = rest.join(':');
  const ids = (found: { id: string }[]): string[] => found.map((o) => o.id.toLowerCase()).sort();
  switch (prefix?.toLowerCase()) {
    case 'user': {
      const user = await orAbsent(graph.get<{ id: string }>(`/users/${encodeURIComponent(key)}?$select=id`));
      return user ? [user.id.toLowerCase()] : [];
    }
    case 'group':
      return ids(await graph.list<{ id: string }>(`/groups?$filter=mailNickname eq '${quote(key)}'&$select=id`));
    case 'serviceprincipal':
      return ids(await graph.list<{ id: string }>(`/servicePrincipals?$filter=appId eq '${quote(key)}'&$select=id`));
    default:
      throw new Error(`principal '${ref}' must start with user:, group: or servicePrincipal:`);
  }
}

/** The one object a reference names; several are an error naming them, never the first. */
export async function resolvePrincipal(graph: GraphApi, ref: string): Promise<string | undefined> {
  const ids = await principalIds(graph, ref);
  if (ids.length > 1) throw new Error(ambiguousPrincipal(ref, ids));
  return ids[0];
}

export const ambiguousPrincipal = (ref: string, ids: string[]): string =>
  `principal '${ref}': ${ids.length} objects in the tenant have this key (ids ${ids.join(', ')}); tenantform will not guess which one the YAML means`;

export async function readSubscription(arm: RestApi, subscriptionId: string, idToRef: Map<string, string>) {
  const base = `/subscriptions/${subscriptionId}/${AUTH}`;
  const defs = await arm.list<ArmDefinition>(`${base}/roleDefinitions?${API}`);
  const roles: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const d of defs) {
    roles[d.properties.roleName.toLowerCase()] = d.name.toLowerCase();
    names.set(d.name.toLowerCase(), d.properties.roleName);
  }
  const raw = await arm.list<ArmAssignment>(`${base}/roleAssignments?${API}`);
  const live: LiveAssignment[] = raw.map((a) => {
    const defId = a.properties.roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
    const principalId = a.properties.principalId.toLowerCase();
    return {
      id: a.id, subscriptionId, scope: a.properties.scope, principal: idToRef.get(principalId) ?? `id:${principalId}`, principalId,
      principalType: a.properties.principalType, role: names.get(defId) ?? defId, roleDefinitionId: defId,
    };
  });
  return { roles, live };
}

export async function readAll(arm: RestApi, graph: GraphApi, subscriptions: string[], desired: DesiredAssignment[]): Promise<{ live: LiveAssignment[]; facts: RoleFacts }> {
  const principals: Record<string, string> = {};
  const idToRef = new Map<string, string>();
  const ambiguous: Record<string, string[]> = {};
  for (const ref of new Set(desired.map((d) => d.principal.toLowerCase()))) {
    const ids = await principalIds(graph, ref);
    if (ids.length > 1) ambiguous[ref] = ids;
    else if (ids[0]) {
      principals[ref] = ids[0];
      idToRef.set(ids[0], ref);
    }
  }
  const facts: RoleFacts = { roles: {}, principals, ambiguous };
  const live: LiveAssignment[] = [];
  for (const sub of new Set(subscriptions.map((s) => s.toLowerCase()))) {
    const read = await readSubscription(arm, sub, idToRef);
    facts.roles[sub] = read.roles;
    live.push(...read.live);
  }
  return { live, facts };
}
