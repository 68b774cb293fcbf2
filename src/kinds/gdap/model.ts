// GDAP relationships as tenantform sees them: every relationship with the customer, grouped by the declared
// displayName. A role change on an active relationship creates a successor named `<name> (2)`, `(3)`, ...; the
// generations of one name are one live object, so that the plan can finish a replacement in a later run.
import type { GraphApi } from '../../clients/types.js';
import type { GdapSpec, TenantConfig } from '../../config/model.js';
import { didYouMean, findEntraRole } from '../../catalog/entra-roles.js';
import { quote } from '../azure/api.js';
import { normalKey } from '../shared/reconcile.js';

export const KIND = 'gdap';
export const BASE = '/tenantRelationships/delegatedAdminRelationships';
export const approvalLink = (id: string): string => `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${id}`;

export interface DesiredGdap extends GdapSpec { path: string }

export interface LiveAccess { id: string; groupId: string; roles: string[]; etag: string }
export interface LiveRelationship {
  id: string; displayName: string; generation: number; status: string; roles: string[]; duration: string;
  autoExtendDuration: string; endDateTime: string | null; createdDateTime: string; etag: string; access: LiveAccess[];
}
export interface LiveGdap { id: string; displayName: string; generations: LiveRelationship[] }

export const address = (o: { displayName: string }): string => `${KIND}:${o.displayName}`;

export function selectGdap(config: TenantConfig): DesiredGdap[] {
  return (config.partner?.gdap ?? []).map((g, i) => ({ ...g, path: `partner.gdap[${i}]` }));
}

export function splitName(displayName: string): { base: string; generation: number } {
  const m = /^(.*) \((\d+)\)$/.exec(displayName);
  return m ? { base: m[1] as string, generation: Number(m[2]) } : { base: displayName, generation: 1 };
}

export function successorName(base: string, generation: number): string {
  const suffix = ` (${generation})`;
  return `${base.slice(0, 50 - suffix.length)}${suffix}`;
}

/**
 * Role names or template ids → sorted template ids, resolved in the catalogue of Entra built-in roles (GDAP grants
 * built-in roles only). Unknown names are returned separately, each as the diagnostics print it: with the nearest
 * built-in role's name when one is close enough to be a typo.
 */
export function roleIds(roles: string[]): { ids: string[]; unknown: string[] } {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const r of roles) {
    const role = findEntraRole(r);
    if (role) ids.push(role.templateId);
    else unknown.push(`${r}${didYouMean(r)}`);
  }
  return { ids: [...new Set(ids)].sort(), unknown };
}

interface WireRelationship {
  id: string; displayName: string; status: string; duration: string; autoExtendDuration?: string; endDateTime?: string | null;
  createdDateTime: string; '@odata.etag'?: string; accessDetails: { unifiedRoles: { roleDefinitionId: string }[] };
}
interface WireAccess { id: string; status: string; '@odata.etag'?: string; accessContainer: { accessContainerId: string }; accessDetails: { unifiedRoles: { roleDefinitionId: string }[] } }

const rolesOf = (d: { unifiedRoles: { roleDefinitionId: string }[] }): string[] => d.unifiedRoles.map((r) => r.roleDefinitionId.toLowerCase()).sort();

function toRelationship(w: WireRelationship, access: LiveAccess[]): LiveRelationship {
  return {
    id: w.id, displayName: w.displayName, generation: splitName(w.displayName).generation, status: w.status, roles: rolesOf(w.accessDetails),
    duration: w.duration, autoExtendDuration: w.autoExtendDuration ?? 'PT0S', endDateTime: w.endDateTime ?? null, createdDateTime: w.createdDateTime,
    etag: w['@odata.etag'] ?? '*', access: access.sort((a, b) => a.groupId.localeCompare(b.groupId)),
  };
}

/**
 * The generations of one name as live objects: normally one. Two open relationships of one generation (one name)
 * are two live objects for one key, so that the core refuses to guess between them and names both.
 */
function asLive(base: string, generations: LiveRelationship[]): LiveGdap[] {
  generations.sort((a, b) => a.generation - b.generation);
  const open = generations.filter((g) => g.status !== 'expired');
  const clash = open.filter((g) => open.some((o) => o !== g && o.generation === g.generation));
  if (clash.length === 0) return [{ id: generations[generations.length - 1]!.id, displayName: base, generations }];
  return clash.map((g) => ({ id: g.id, displayName: base, generations: generations.filter((o) => !clash.includes(o) || o === g) }));
}

export async function readRelationships(graph: GraphApi, customerTenantId: string): Promise<LiveGdap[]> {
  const wire = await graph.list<WireRelationship>(`${BASE}?$filter=customer/tenantId eq '${quote(customerTenantId)}'`);
  const byBase = new Map<string, { base: string; generations: LiveRelationship[] }>();
  for (const w of wire.filter((x) => x.status !== 'terminated')) {
    const access = w.status === 'active'
      ? (await graph.list<WireAccess>(`${BASE}/${w.id}/accessAssignments`)).filter((a) => a.status !== 'deleted').map((a) => ({
        id: a.id, groupId: a.accessContainer.accessContainerId.toLowerCase(), roles: rolesOf(a.accessDetails), etag: a['@odata.etag'] ?? '*',
      }))
      : [];
    const { base } = splitName(w.displayName);
    const entry = byBase.get(normalKey(base)) ?? { base, generations: [] };
    entry.generations.push(toRelationship(w, access));
    byBase.set(normalKey(base), entry);
  }
  return [...byBase.values()].flatMap((e) => asLive(e.base, e.generations));
}

export interface PartnerGroups {
  /** Display name (lower case) → object id, for names that one group has. */
  groups: Record<string, string>;
  /** Display name (lower case) → every object id, for names that several groups share: never one of them picked. */
  ambiguousGroups: Record<string, string[]>;
}

/** Partner security groups named in `access`, by display name. */
export async function readGroups(graph: GraphApi, desired: DesiredGdap[]): Promise<PartnerGroups> {
  const out: PartnerGroups = { groups: {}, ambiguousGroups: {} };
  for (const name of new Set(desired.flatMap((d) => (d.access ?? []).map((a) => a.group)))) {
    const found = (await graph.list<{ id: string }>(`/groups?$filter=displayName eq '${quote(name)}'&$select=id`)).map((g) => g.id.toLowerCase());
    if (found.length > 1) out.ambiguousGroups[name.toLowerCase()] = found.sort();
    else if (found[0]) out.groups[name.toLowerCase()] = found[0];
  }
  return out;
}
