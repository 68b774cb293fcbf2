// Channels and channel members of the declared teams, decided by the children core: a team's channels are its
// children keyed by displayName (case-insensitive, NFC), additive (a channel the YAML does not name stays; only
// `ensure: absent` deletes one, and never General); two live channels with one name are an error naming both ids.
// The owners and members of a private or shared channel are children of that channel, authoritative when listed.
import type { ChannelSpec } from '../../config/generated.js';
import type { Diagnostic, FieldChange, TeamChannelCreate, TeamChannelMembers, TeamOps } from '../../plan/types.js';
import { reconcileChildren, type Children, type ParentDecl } from '../shared/reconcile-children.js';
import { normalKey } from '../shared/reconcile.js';
import { userAddress } from '../shared/refs.js';
import { GENERAL, channelType, teamAddress, type DesiredTeam, type LiveChannel, type LiveTeam } from './model.js';

interface ChannelRef { group: string; name: string; spec?: ChannelSpec; live?: LiveChannel }

const channelRules: Children<LiveTeam, ChannelRef, ChannelRef> = {
  kind: 'team',
  parentAddress: teamAddress,
  parentKey: (p) => p.group,
  parentId: (p) => p.groupId,
  parentOf: (c) => c.group,
  listOf: () => 'channels',
  childOf: (c) => c.name,
  childId: (c) => c.live?.id ?? c.name,
  keep: (c) => normalKey(c.name) === GENERAL,
};

interface MemberRef { channel: string; list: 'owners' | 'members'; user: string; id?: string }

const memberRules: Children<never, MemberRef, MemberRef> = {
  kind: 'team',
  parentAddress: (key) => `${teamAddress(key.split('/')[0]!)} channel ${key.split('/').slice(1).join('/')}`,
  parentOf: (m) => m.channel,
  listOf: (m) => m.list,
  childOf: (m) => m.user,
  childId: (m) => m.id ?? m.user,
};

export interface ChannelPlan { fields: FieldChange[]; ops: Pick<TeamOps, 'channels' | 'members'>; users: string[] }

const listed = (c: ChannelSpec): boolean => c.owners !== undefined || c.members !== undefined;
const lower = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map((x) => x.normalize('NFC').toLowerCase()))].sort();

function create(d: DesiredTeam, c: ChannelSpec): TeamChannelCreate {
  const owners = lower(c.owners);
  return { displayName: c.displayName, description: c.description ?? null, membershipType: channelType(c), owners, members: lower(c.members).filter((m) => !owners.includes(m)) };
}

/** The member ops of one existing private or shared channel; a user moving between the lists changes role. */
function memberOps(d: DesiredTeam, c: ChannelSpec, live: LiveChannel, out: Diagnostic[]): TeamChannelMembers | undefined {
  const key = `${d.group}/${c.displayName}`;
  const owners = lower(c.owners);
  const want: MemberRef[] = [
    ...owners.map((user) => ({ channel: key, list: 'owners' as const, user })),
    ...lower(c.members).filter((m) => !owners.includes(m)).map((user) => ({ channel: key, list: 'members' as const, user })),
  ];
  const have = (live.members ?? []).map((m): MemberRef => ({ channel: key, list: m.owner ? 'owners' : 'members', user: m.user, id: m.id }));
  const decl: ParentDecl = { key, path: d.path, lists: { owners: 'authoritative', members: 'authoritative' } };
  const plan = reconcileChildren(memberRules, [decl], want, have, { prune: false, complete: false });
  out.push(...plan.diagnostics);
  const delta = plan.parents[0];
  if (!delta) return undefined;
  const ops: TeamChannelMembers = { channel: c.displayName, channelId: live.id, add: [], role: [], remove: [] };
  const removed = new Map(delta.remove.map((r) => [normalKey(r.user), r]));
  for (const a of delta.add) {
    const r = removed.get(normalKey(a.user));
    if (r) {
      removed.delete(normalKey(a.user));
      ops.role.push({ id: r.id!, user: a.user, owner: a.list === 'owners' });
    } else ops.add.push({ user: a.user, owner: a.list === 'owners' });
  }
  for (const r of removed.values()) ops.remove.push({ id: r.id!, user: r.user });
  return ops.add.length || ops.role.length || ops.remove.length ? ops : undefined;
}

function memberFields(m: TeamChannelMembers): FieldChange[] {
  const out: FieldChange[] = [];
  const added = [...m.add.map((a) => `${a.user}${a.owner ? ' (owner)' : ''}`), ...m.role.map((r) => `${r.user} (${r.owner ? 'owner' : 'member'})`)];
  if (added.length || m.remove.length) out.push({ path: `channels.${m.channel}.members`, added, removed: m.remove.map((r) => r.user) });
  return out;
}

/** What one channel the YAML names needs, against the live one when it exists. */
function channelChange(d: DesiredTeam, c: ChannelSpec, i: number, live: LiveChannel | undefined, plan: ChannelPlan, out: Diagnostic[]): void {
  const at = `${d.path}.team.channels[${i}]`;
  const address = teamAddress(d.group);
  const general = normalKey(c.displayName) === GENERAL;
  if (c.ensure === 'absent') {
    if (general) out.push({ severity: 'error', summary: `${address}: the General channel cannot be deleted; every team keeps it`, address, path: `${at}.ensure` });
    else if (live) {
      plan.ops.channels.remove.push({ id: live.id, displayName: live.displayName });
      plan.fields.push({ path: `channels.${live.displayName}`, before: live.displayName, after: null });
    }
    return;
  }
  if (!live) {
    if (general) return;
    const made = create(d, c);
    plan.ops.channels.create.push(made);
    plan.users.push(...made.owners, ...made.members);
    plan.fields.push({ path: `channels.${c.displayName}`, after: { type: made.membershipType, description: made.description, ...(listed(c) ? { owners: made.owners, members: made.members } : {}) } });
    return;
  }
  if (!general && live.membershipType !== channelType(c)) {
    out.push({
      severity: 'error', summary: `${address}: channel ${live.displayName} is ${live.membershipType} in the tenant but ${channelType(c)} in the YAML; a channel's type is set when it is created`,
      detail: 'declare the live type, or create a channel under another name and delete this one (ensure: absent)', address, path: `${at}.type`,
    });
    return;
  }
  // The name is the key, compared as Teams compares it: a name differing only in case or Unicode form is this channel.
  if (c.description !== undefined && c.description !== (live.description ?? '')) {
    plan.ops.channels.update.push({ id: live.id, displayName: live.displayName, description: c.description });
    plan.fields.push({ path: `channels.${live.displayName}.description`, before: live.description, after: c.description });
  }
  if (live.membershipType !== 'standard' && listed(c)) {
    const m = memberOps(d, c, live, out);
    if (m) {
      plan.ops.members.push(m);
      plan.fields.push(...memberFields(m));
      plan.users.push(...m.add.map((a) => a.user));
    }
  }
}

/**
 * The channel part of every declared team's change, keyed by group. A team the core refuses (two live groups, two
 * live channels of one name) gets no entry and a diagnostic.
 */
export function planChannels(desired: DesiredTeam[], live: LiveTeam[], out: Diagnostic[]): Map<string, { plan: ChannelPlan; parent?: LiveTeam }> {
  const decls: ParentDecl[] = desired.map((d) => ({ key: d.group, path: `${d.path}.team.channels`, lists: { channels: 'additive' } }));
  const want = desired.flatMap((d) => (d.spec.channels ?? []).filter((c) => c.ensure !== 'absent').map((c) => ({ group: d.group, name: c.displayName, spec: c })));
  const have = live.flatMap((l) => (l.team?.channels ?? []).map((c) => ({ group: l.group, name: c.displayName, live: c })));
  const core = reconcileChildren(channelRules, decls, want, have, { prune: false, complete: false }, live);
  out.push(...core.diagnostics);
  const byGroup = new Map(desired.map((d) => [normalKey(d.group), d]));
  const result = new Map<string, { plan: ChannelPlan; parent?: LiveTeam }>();
  for (const delta of core.parents) {
    const d = byGroup.get(normalKey(delta.decl.key))!;
    const plan: ChannelPlan = { fields: [], ops: { channels: { create: [], update: [], remove: [] }, members: [] }, users: [] };
    const liveByName = new Map(delta.have.map((h) => [normalKey(h.name), h.live!]));
    (d.spec.channels ?? []).forEach((c, i) => channelChange(d, c, i, liveByName.get(normalKey(c.displayName)), plan, out));
    result.set(d.group, { plan, ...(delta.parent ? { parent: delta.parent } : {}) });
  }
  return result;
}

export const userDeps = (users: string[]): string[] => [...new Set(users)].map(userAddress);
