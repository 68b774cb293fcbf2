// Reads members and owners of the declared groups: ids by mailNickname through the group kind's (shared) read, then
// the first page of every member and owner list in `$batch` too; only lists longer than a page are followed through
// their nextLink. Every live group of a nickname is returned: the diff refuses a nickname two groups share.
import type { FetchContext, FetchResult } from '../contract.js';
import { deletedGroupsNamed, groupKeys, readGroups } from '../group/fetch.js';
import { batchLists } from '../../clients/reads.js';
import { seg } from '../shared/graph.js';
import { isReplaced } from '../group/replace.js';
import { normalKey } from '../shared/reconcile.js';
import { snapshotMembers } from '../shared/directory.js';
import { memberAddress, type DirectoryObjectRef } from '../shared/refs.js';
import { declaredGuests } from '../guest/model.js';
import type { DesiredMembership, LiveMembership } from './model.js';

// appId names service-principal members (`servicePrincipal:<appId>`); each member type returns what it declares.
// userType and mail tell a declared guest (`guest:<mail>`) from other users.
const MEMBER_SELECT = '$select=id,userPrincipalName,mailNickname,mail,appId,userType&$top=999';

const readLists = (ctx: FetchContext, paths: string[]): Promise<DirectoryObjectRef[][]> =>
  batchLists<DirectoryObjectRef>(ctx.clients.graph, paths, (path) => new Error(`GET ${path}: the group disappeared while it was being read`));

function index(objs: DirectoryObjectRef[], ids: Record<string, string>, guests: ReadonlySet<string>): string[] {
  return objs
    .map((o) => {
      const address = memberAddress(o, guests);
      ids[address] = o.id;
      return address;
    })
    .sort();
}

/** Drift's snapshot names members by UPN; a declared guest among them is renamed from the snapshot's user. */
function named(list: { id: string; address: string }[], ids: Record<string, string>, guests: ReadonlySet<string>, ctx: FetchContext): string[] {
  const out = list.map((m) => {
    const u = ctx.directory?.users.get(m.id);
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const user = u && { id: m.id, mail: str(u.mail), userType: str(u.userType), '@odata.type': '#microsoft.graph.user', userPrincipalName: String(u.userPrincipalName) };
    const address = user ? memberAddress(user, guests) : m.address;
    ids[address] = m.id;
    return address;
  });
  return out.sort();
}

export async function fetchMemberships(ctx: FetchContext, desired: DesiredMembership[]): Promise<FetchResult<LiveMembership>> {
  const graph = ctx.clients.graph;
  // The same keys as the group kind, so both share one read; export asks for groups its config does not list.
  const keys = [...new Set([...groupKeys(ctx.tenant), ...desired.map((d) => d.group)])];
  const read = await readGroups(graph, ctx.session, keys, false, ctx.directory);
  // Every live group of a declared nickname: two of them are for the reconcile core to refuse, not for a Map to pick.
  // A group the plan replaces loses its members with it: they are planned as for a new group.
  const groups = desired.flatMap((d) => read.filter((g) => normalKey(g.mailNickname) === normalKey(d.group) && !isReplaced(ctx.tenant, g)).map((g) => ({ d, g })));
  // Drift's snapshot knows the members of its groups; a group with a member it cannot name is read from Graph.
  const known = groups.map(({ g }) => (ctx.directory ? snapshotMembers(ctx.directory, g.id) : undefined));
  const toRead = groups.filter((_, i) => known[i] === undefined);
  const memberPaths = toRead.map(({ g }) => `/groups/${seg(g.id)}/members?${MEMBER_SELECT}`);
  const withOwners = groups.filter(({ d }) => d.owners !== undefined);
  const ownerPaths = withOwners.map(({ g }) => `/groups/${seg(g.id)}/owners?${MEMBER_SELECT}`);
  const lists = await readLists(ctx, [...memberPaths, ...ownerPaths]);
  const guests = declaredGuests(ctx.tenant.guests);
  const live = groups.map(({ d, g }, i): LiveMembership => {
    const ids: Record<string, string> = {};
    const fromSnapshot = known[i];
    const members = fromSnapshot
      ? named(fromSnapshot, ids, guests, ctx)
      : index(lists[toRead.findIndex((r) => r.g.id === g.id)]!, ids, guests);
    const o = withOwners.findIndex((w) => w.g.id === g.id);
    const owners = o >= 0 ? index(lists[toRead.length + o]!, ids, guests) : [];
    const sortedIds = Object.fromEntries(Object.entries(ids).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { id: g.id, group: d.group, dynamic: (g.groupTypes ?? []).includes('DynamicMembership'), members, owners, ids: sortedIds };
  });
  return { live: [...live, ...(await restoring(ctx, desired, new Set(read.map((g) => normalKey(g.mailNickname)))))], complete: false };
}

/** Declared groups with no live group that the group kind restores from deleted items: their members are unread. */
async function restoring(ctx: FetchContext, desired: DesiredMembership[], found: ReadonlySet<string>): Promise<LiveMembership[]> {
  const missing = desired.filter((d) => !found.has(normalKey(d.group)));
  const deleted = await deletedGroupsNamed(ctx, new Set(missing.map((d) => normalKey(d.group))));
  return missing.flatMap((d) => deleted.filter((g) => normalKey(g.mailNickname) === normalKey(d.group)).map((g): LiveMembership => ({
    id: g.id, group: d.group, dynamic: (g.groupTypes ?? []).includes('DynamicMembership'), members: [], owners: [], ids: {}, restoring: true,
  })));
}
