// Executes a team's planned ops in order: create the team from its group (retried while Teams does not know the group
// yet, src/clients/teams.ts), unarchive, update the settings, create, update and delete channels by the ids read,
// change private and shared channel members, archive last (an archived team takes no more changes). Users are bound
// by user principal name (channel-post-members.md); the group's id comes from the apply's ids. Nothing is compared.
import { createTeam, runTeamsOperation } from '../../clients/teams.js';
import { opsOf, type Change, type TeamChannelCreate } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';

const MEMBER_TYPE = '#microsoft.graph.aadUserConversationMember';

function member(user: string, owner: boolean): Record<string, unknown> {
  // An OData string literal: a quote in a user principal name is doubled.
  return { '@odata.type': MEMBER_TYPE, roles: owner ? ['owner'] : [], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${user.replace(/'/g, "''")}')` };
}

function channelBody(c: TeamChannelCreate): Record<string, unknown> {
  const body: Record<string, unknown> = { displayName: c.displayName, membershipType: c.membershipType };
  if (c.description !== null) body.description = c.description;
  if (c.membershipType !== 'standard') body.members = [...c.owners.map((u) => member(u, true)), ...c.members.map((u) => member(u, false))];
  return body;
}

export async function applyTeam(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const ops = opsOf(change, 'team');
  const graph = ctx.clients.graph;
  const group = change.address.slice('team:'.length);
  const id = ctx.ids.lookup?.(`group:${group}`) ?? (await ctx.ids.resolve(`group:${group}`));
  const team = `/teams/${seg(id)}`;
  if (ops.create) await createTeam(graph, id, ops.create, ctx.clients.clock);
  if (ops.unarchive) await runTeamsOperation(graph, `${team}/unarchive`, ctx.clients.clock);
  if (ops.settings) await graph.patch(team, ops.settings);
  for (const c of ops.channels.create) await graph.post(`${team}/channels`, channelBody(c));
  for (const c of ops.channels.update) await graph.patch(`${team}/channels/${seg(c.id)}`, { description: c.description });
  for (const c of ops.channels.remove) await graph.delete(`${team}/channels/${seg(c.id)}`);
  for (const m of ops.members) {
    const base = `${team}/channels/${seg(m.channelId)}/members`;
    for (const a of m.add) await graph.post(base, member(a.user, a.owner));
    for (const r of m.role) await graph.patch(`${base}/${seg(r.id)}`, { '@odata.type': MEMBER_TYPE, roles: r.owner ? ['owner'] : [] });
    for (const r of m.remove) await graph.delete(`${base}/${seg(r.id)}`);
  }
  if (ops.archive) await runTeamsOperation(graph, `${team}/archive`, ctx.clients.clock);
  return { id, message: `${ops.create ? 'team created; ' : ''}${ops.channels.create.length} channels created, ${ops.channels.remove.length} deleted` };
}
