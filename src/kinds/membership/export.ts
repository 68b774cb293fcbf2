// Export of members and owners of static security and Microsoft 365 groups, as natural keys. A member that has no
// natural key in the YAML model (a service principal without appId, a device, a contact, an Exchange group) is
// left out; the group then gets `membersMode: additive`, so the plan neither removes it nor reports a change.
import type { ExportResult, FetchContext } from '../contract.js';
import { GRAPH_GROUP_TYPES, typeOf } from '../group/model.js';
import { byKey, count, sortStrings, yamlReference } from '../shared/export.js';
import { fetchMemberships } from './fetch.js';
import { readGuests } from '../guest/fetch.js';
import { exportable } from '../guest/export.js';
import type { DesiredMembership, LiveMembership } from './model.js';

interface RawGroup {
  mailNickname?: string | null;
  groupTypes?: string[];
  mailEnabled?: boolean;
  securityEnabled?: boolean;
}

/** References for a list, and how many entries could not be written. */
function references(addresses: string[], groups: Set<string>): { refs: string[]; left: number } {
  const refs: string[] = [];
  let left = 0;
  for (const a of addresses) {
    const r = yamlReference(a);
    if (r && (!r.startsWith('group:') || groups.has(r.slice(6)))) refs.push(r);
    else left++;
  }
  return { refs: sortStrings(refs), left };
}

export function membershipToYaml(l: LiveMembership, groups: Set<string>, notes: string[]): Record<string, unknown> {
  const members = references(l.members, groups);
  const owners = references(l.owners, groups);
  const out: Record<string, unknown> = { mailNickname: l.group };
  if (members.refs.length) out.members = members.refs;
  if (owners.refs.length) out.owners = owners.refs;
  if (members.left || owners.left) {
    out.membersMode = 'additive';
    if (members.left) notes.push(`${count(members.left, 'member')} without a natural key (service principal, device or contact) not exported`);
    if (owners.left) notes.push(`${count(owners.left, 'owner')} without a natural key (service principal or device) not exported`);
  }
  return out;
}

export async function exportMemberships(ctx: FetchContext): Promise<ExportResult> {
  const all = await ctx.clients.graph.list<RawGroup>('/groups?$select=mailNickname,groupTypes,mailEnabled,securityEnabled');
  const graphGroups = all.filter((g) => g.mailNickname && GRAPH_GROUP_TYPES.has(typeOf(g)));
  const nicks = new Set(graphGroups.map((g) => g.mailNickname!.toLowerCase()));
  // Mail-enabled security groups nested in a security group are exported by the distributionGroup kind.
  const referencable = new Set(all.flatMap((g) => (g.mailNickname ? [g.mailNickname.toLowerCase()] : [])));
  const desired: DesiredMembership[] = [...nicks]
    .filter((nick) => !graphGroups.some((g) => g.mailNickname!.toLowerCase() === nick && g.groupTypes?.includes('DynamicMembership')))
    .sort()
    .map((group, i) => ({ group, members: [], owners: [], additive: false, path: `groups[${i}]` }));
  // The guest kind exports every guest with its address, so members and owners name guests by it too.
  const guests = exportable(await readGuests(ctx.clients.graph), ctx.tenant.tenant.domains).map((g) => ({ email: g.email }));
  const { live } = await fetchMemberships({ ...ctx, tenant: { ...ctx.tenant, guests }, prune: true }, desired);
  const notes: Record<string, string[]> = {};
  const items: Record<string, unknown>[] = [];
  for (const l of [...live].sort(byKey((m) => m.group))) {
    if (l.dynamic) continue;
    const n: string[] = [];
    const item = membershipToYaml(l, referencable, n);
    if (n.length) notes[l.group] = n;
    if (Object.keys(item).length > 1) items.push(item);
  }
  const total = live.reduce((sum, l) => sum + l.members.length, 0);
  return { section: 'groups', items, comments: [`${count(total, 'group member')}; dynamic groups list their rule, not their members`], notes };
}
