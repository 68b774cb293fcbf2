// Reads the service principal of each app whose consent declares `roles` (`/servicePrincipals?$filter=appId eq`),
// then its directory-scope role assignments (`/roleManagement/directory/roleAssignments?$filter=principalId eq`),
// and the tenant's role definitions to name them. An app not consented yet has no service principal, so no roles:
// its consent is planned first and the roles wait for it.
import type { FetchContext, FetchResult } from '../contract.js';
import { filterEq } from '../shared/graph.js';
import type { RoleDefinition } from '../directory-role/model.js';
import { consentsWithRoles, type LiveConsentRole } from './model.js';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

interface Assignment { id: string; roleDefinitionId: string; principalId: string; directoryScopeId?: string }

export async function fetchConsentRoles(ctx: FetchContext): Promise<FetchResult<LiveConsentRole>> {
  const graph = ctx.clients.graph;
  const apps = consentsWithRoles(ctx.tenant).map(({ spec }) => spec.applicationId.toLowerCase());
  if (apps.length === 0) return { live: [], complete: false, facts: { roleDefinitions: [] } };
  const definitions = (await graph.list<RoleDefinition>('/roleManagement/directory/roleDefinitions?$select=id,displayName'))
    .map((d) => ({ id: d.id, displayName: d.displayName }));
  const nameOf = new Map(definitions.map((d) => [d.id, d.displayName]));
  const live: LiveConsentRole[] = [];
  const principals: Record<string, string[]> = {};
  for (const appId of [...new Set(apps)]) {
    const sps = await graph.list<{ id: string }>(`/servicePrincipals?${filterEq('appId', appId)}&$select=id,appId`);
    principals[appId] = sps.map((s) => s.id);
    for (const sp of sps) {
      const assigned = await graph.list<Assignment>(`${ASSIGNMENTS}?${filterEq('principalId', sp.id)}&$select=id,roleDefinitionId,principalId,directoryScopeId`);
      for (const a of assigned.filter((x) => (x.directoryScopeId ?? '/') === '/')) {
        live.push({ id: a.id, appId, role: nameOf.get(a.roleDefinitionId) ?? a.roleDefinitionId, roleDefinitionId: a.roleDefinitionId, principalId: a.principalId });
      }
    }
  }
  return { live, complete: false, facts: { roleDefinitions: definitions, principals } };
}
