// The privileged holders of the inventory: who holds an Entra role the catalogue marks privileged, or Azure Owner or
// User Access Administrator on a declared subscription, without the YAML declaring it. Directory role assignments are
// one small read whatever prune says; the Azure ones come from the Azure kind's read, which is always complete.
import type { GraphApi } from '../clients/types.js';
import type { TenantConfig } from '../config/model.js';
import { ENTRA_ROLES } from '../catalog/entra-roles.js';
import { normalKey } from '../kinds/shared/reconcile.js';
import { batchGet } from '../clients/reads.js';
import { seg } from '../kinds/shared/graph.js';
import type { PrivilegedHolder } from '../plan/types.js';
import type { KindRead } from './read.js';

// Graph's unifiedRoleDefinition has `isPrivileged` in beta only, so the privileged set is the catalogue's, which
// carries the "Privileged" label of Microsoft's published table (src/catalog/entra-roles.ts).
const PRIVILEGED_ROLES = new Map(ENTRA_ROLES.filter((r) => r.privileged).map((r) => [r.templateId, r.displayName]));

/** Azure's built-in roles that can grant access to others (built-in-roles/privileged, "Privileged" category). */
export const AZURE_PRIVILEGED = new Set(['owner', 'user access administrator']);

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments?$select=id,roleDefinitionId,principalId,directoryScopeId';

interface DirectoryAssignment { id: string; roleDefinitionId: string; principalId: string; directoryScopeId?: string }

/** A holder before its principal is named: an object id. */
interface Unnamed { role: string; principalId: string; scope: string }

/** The declared directory roles, as `upn\0role` keys in normal form. */
function declaredRoles(config: TenantConfig): Set<string> {
  const out = new Set<string>();
  for (const u of config.users ?? []) for (const r of u.roles ?? []) out.add(`${normalKey(u.userPrincipalName)}\u0000${normalKey(r)}`);
  return out;
}

/** Every privileged directory role assignment: one list read, filtered here (a tenant holds few assignments). */
export async function directoryHolders(graph: GraphApi): Promise<Unnamed[]> {
  const all = await graph.list<DirectoryAssignment>(ASSIGNMENTS);
  return all.flatMap((a) => {
    const role = PRIVILEGED_ROLES.get(a.roleDefinitionId.toLowerCase());
    const scope = a.directoryScopeId ?? '/';
    return role ? [{ role, principalId: a.principalId.toLowerCase(), scope: scope === '/' ? 'directory' : scope }] : [];
  });
}

interface AzureLive { id: string; scope: string; principal: string; principalId: string; role: string }

/** Owner and User Access Administrator assignments the Azure kind read and the YAML does not declare. */
export function azureHolders(read: KindRead | undefined): { holders: Unnamed[]; named: Map<string, string> } {
  const named = new Map<string, string>();
  if (!read) return { holders: [], named };
  const declared = new Set(read.desired.map((d) => normalKey(read.kind.address(d))));
  const holders = (read.result.live as AzureLive[]).flatMap((l) => {
    if (!AZURE_PRIVILEGED.has(l.role.toLowerCase()) || declared.has(normalKey(read.kind.address(l)))) return [];
    if (!l.principal.startsWith('id:')) named.set(l.principalId, l.principal);
    return [{ role: l.role, principalId: l.principalId, scope: l.scope }];
  });
  return { holders, named };
}

/**
 * Names each principal by its natural key: users first (one `$batch`), then groups for the rest. Anything else (a
 * service principal) keeps its object id: naming it would need Application.Read.All for this alone.
 */
export async function namePrincipals(graph: GraphApi, ids: string[], into: Map<string, string>): Promise<void> {
  let rest = ids.filter((id) => !into.has(id));
  const round = async <T>(path: (id: string) => string, name: (o: T) => string): Promise<void> => {
    if (rest.length === 0) return;
    const found = await batchGet<T>(graph, rest.map(path));
    found.forEach((o, i) => void (o && into.set(rest[i]!, name(o))));
    rest = rest.filter((id) => !into.has(id));
  };
  await round<{ userPrincipalName: string }>((id) => `/users/${seg(id)}?$select=id,userPrincipalName`, (u) => `user:${normalKey(u.userPrincipalName)}`);
  await round<{ mailNickname: string }>((id) => `/groups/${seg(id)}?$select=id,mailNickname`, (g) => `group:${normalKey(g.mailNickname)}`);
}

/** Named holders less the declared ones (a user's `roles` declares its directory roles at tenant scope). */
export function undeclaredHolders(config: TenantConfig, holders: Unnamed[], names: ReadonlyMap<string, string>): PrivilegedHolder[] {
  const declared = declaredRoles(config);
  const out = holders.flatMap((h) => {
    const principal = names.get(h.principalId) ?? `id:${h.principalId}`;
    const upn = principal.startsWith('user:') ? principal.slice(5) : undefined;
    if (h.scope === 'directory' && upn !== undefined && declared.has(`${upn}\u0000${normalKey(h.role)}`)) return [];
    return [{ role: h.role, principal, scope: h.scope }];
  });
  const key = (h: PrivilegedHolder): string => `${h.role}\u0000${h.principal}\u0000${h.scope}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
