// The delta snapshot of a tenant's users and groups (drift only): which delta queries fill it, how a round's items
// change it, and how the kinds' shared reads take their users, groups and members from it. The rounds themselves are
// read by src/clients/delta.ts and the snapshot kept by src/engine/drift-state.ts.
import type { DirectoryEntry, DirectoryGroup, LiveDirectory } from '../contract.js';
import { GROUP_SELECT } from '../group/fetch.js';
import { addressOfObject } from './refs.js';
import { USER_SELECT } from './users.js';

/**
 * The first round of each collection: the same properties the scoped reads select, groups with their members.
 * Functions, not constants: the group kind imports this module back.
 */
export const usersDelta = (): string => `/users/delta?${USER_SELECT}`;
export const groupsDelta = (): string => `/groups/delta?${GROUP_SELECT},members`;

interface Removed { '@removed'?: { reason?: string } }
type RoundItem = DirectoryEntry & Removed & { 'members@delta'?: (Removed & { id: string; '@odata.type'?: string })[] };

/** Annotations are the round's, not the object's: they are never stored. */
function plain(item: RoundItem): DirectoryEntry {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !k.includes('@'))) as DirectoryEntry;
}

/**
 * Applies a round of `/users/delta` to the snapshot: a full round replaces it, a later one replaces each changed user
 * (the default response carries every selected property) and drops removed ones, restorable or not.
 */
export function applyUserRound(users: Map<string, DirectoryEntry>, items: RoundItem[], full: boolean): void {
  if (full) users.clear();
  for (const item of items) {
    if (item['@removed']) users.delete(item.id);
    else users.set(item.id, plain(item));
  }
}

/**
 * Applies a round of `/groups/delta` with members. A full round lists every member; a group too large for one page
 * appears on several, each with part of its `members@delta`, so within a round the lists add up. A later round lists
 * only the members added and removed since.
 */
export function applyGroupRound(groups: Map<string, DirectoryGroup>, items: RoundItem[], full: boolean): void {
  if (full) groups.clear();
  for (const item of items) {
    if (item['@removed']) {
      groups.delete(item.id);
      continue;
    }
    const members = new Map((groups.get(item.id)?.members ?? []).map((m) => [m.id, m]));
    for (const m of item['members@delta'] ?? []) {
      if (m['@removed']) members.delete(m.id);
      else members.set(m.id, { id: m.id, type: (m['@odata.type'] ?? '').replace('#microsoft.graph.', '') });
    }
    groups.set(item.id, { ...plain(item), members: [...members.values()] });
  }
}

const lower = (v: unknown): string => String(v ?? '').toLowerCase();

/** The snapshot's users with a declared UPN (every user when `all`), as the scoped read would have returned them. */
export function snapshotUsers<T>(directory: LiveDirectory, upns: Set<string>, all: boolean): T[] {
  return [...directory.users.values()].filter((u) => all || upns.has(lower(u.userPrincipalName))) as T[];
}

/** The snapshot's groups with a declared mailNickname (every group when `all`); two for one nickname stay two. */
export function snapshotGroups<T>(directory: LiveDirectory, nicknames: Set<string>, all: boolean): T[] {
  return [...directory.groups.values()]
    .filter((g) => all || nicknames.has(lower(g.mailNickname)))
    .map(({ members: _members, ...group }) => group) as T[];
}

/**
 * The members of a snapshot group as the members read addresses them, or undefined when one of them is not a user or
 * group of the snapshot (a service principal, a contact, a device): that group's members are then read from Graph.
 */
export function snapshotMembers(directory: LiveDirectory, groupId: string): { id: string; address: string }[] | undefined {
  const group = directory.groups.get(groupId);
  if (!group) return undefined;
  const out: { id: string; address: string }[] = [];
  for (const m of group.members) {
    const user = m.type === 'user' ? directory.users.get(m.id) : undefined;
    const inner = m.type === 'group' ? directory.groups.get(m.id) : undefined;
    if (user) out.push({ id: m.id, address: addressOfObject({ id: m.id, '@odata.type': '#microsoft.graph.user', userPrincipalName: String(user.userPrincipalName) }) });
    else if (inner) out.push({ id: m.id, address: addressOfObject({ id: m.id, '@odata.type': '#microsoft.graph.group', mailNickname: String(inner.mailNickname) }) });
    else return undefined;
  }
  return out;
}
