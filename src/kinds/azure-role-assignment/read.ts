// Reading role assignments: role definitions and assignments per declared subscription from ARM, and the declared
// principals' object ids from Graph (absent ones may be created earlier in the same plan).
import type { GraphApi } from '../../clients/types.js';
import { orAbsent, quote, type RestApi } from '../azure/api.js';
import { API, AUTH, type DesiredAssignment, type LiveAssignment, type RoleFacts } from './model.js';

interface ArmDefinition { name: string; properties: { roleName: string } }
interface ArmAssignment { id: string; properties: { roleDefinitionId: string; principalId: string; principalType: string; scope: string } }

export async function resolvePrincipal(graph: GraphApi, ref: string): Promise<string | undefined> {
  const [prefix, ...rest] = ref.split(':');
  const key = rest.join(':');
  switch (prefix?.toLowerCase()) {
    case 'user':
      return (await orAbsent(graph.get<{ id: string }>(`/users/${encodeURIComponent(key)}?$select=id`)))?.id;
    case 'group':
      return (await graph.list<{ id: string }>(`/groups?$filter=mailNickname eq '${quote(key)}'&$select=id`))[0]?.id;
    case 'serviceprincipal':
      return (await graph.list<{ id: string }>(`/servicePrincipals?$filter=appId eq '${quote(key)}'&$select=id`))[0]?.id;
    default:
      throw new Error(`principal '${ref}' must start with user:, group: or servicePrincipal:`);
  }
}

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
  for (const ref of new Set(desired.map((d) => d.principal.toLowerCase()))) {
    const id = await resolvePrincipal(graph, ref);
    if (id) {
      principals[ref] = id.toLowerCase();
      idToRef.set(id.toLowerCase(), ref);
    }
  }
  const facts: RoleFacts = { roles: {}, principals };
  const live: LiveAssignment[] = [];
  for (const sub of new Set(subscriptions.map((s) => s.toLowerCase()))) {
    const read = await readSubscription(arm, sub, idToRef);
    facts.roles[sub] = read.roles;
    live.push(...read.live);
  }
  return { live, facts };
}
