// A team's channels and their members: list (channel-list.md), create standard, private and shared channels with
// their first members (channel-post.md), update name and description (channel-patch.md: "You cannot update the
// membershipType value for an existing channel"), delete (channel-delete.md), and the members of private and shared
// channels (channel-list-members.md, channel-post-members.md, channel-update-members.md, channel-delete-members.md)
// as aadUserConversationMember, users bound by id or user principal name (`users('alex@contoso.com')`).
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { badRequest, findUser, notFound, odataContext, tenantOf } from './common.js';
import { notByEmulator } from './advanced-query.js';
import { parseSelect, project } from './odata.js';
import { teamOf } from './teams.js';
import { MEMBERSHIP_TYPES, memberId, newChannel, type EmuChannel, type EmuMember, type EmuTeam } from './teams-model.js';

const CHANNEL_PROPS = ['id', 'createdDateTime', 'description', 'displayName', 'email', 'isArchived', 'isFavoriteByDefault', 'membershipType', 'tenantId', 'webUrl'];
const CHANNEL_DECLARED = new Set([...CHANNEL_PROPS, 'layoutType', 'migrationMode', 'originalCreatedDateTime', 'summary']);
const MEMBER_PROPS = ['id', 'displayName', 'roles', 'visibleHistoryStartDateTime', 'email', 'tenantId', 'userId'];
const MEMBER_TYPE = '#microsoft.graph.aadUserConversationMember';

function channelOf(ctx: Ctx): { team: EmuTeam; channel: EmuChannel } {
  const { team } = teamOf(ctx);
  const channel = team.channels.find((c) => c.id === ctx.params.cid);
  if (!channel) throw notFound(ctx.params.cid ?? '');
  return { team, channel };
}

function channelProps(ctx: Ctx, team: EmuTeam, c: EmuChannel): Record<string, unknown> {
  const tenantId = tenantOf(ctx).tenantId;
  return {
    id: c.id, createdDateTime: c.createdDateTime, description: c.description, displayName: c.displayName, email: '', isArchived: false,
    isFavoriteByDefault: null, membershipType: c.membershipType, tenantId,
    webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(c.id)}/${encodeURIComponent(c.displayName)}?groupId=${team.id}&tenantId=${tenantId}`,
  };
}

function listChannels(ctx: Ctx): Reply {
  const { team } = teamOf(ctx);
  if (ctx.query.has('$filter')) throw notByEmulator('$filter on channels');
  const select = parseSelect(ctx, CHANNEL_DECLARED, 'channel');
  return json(200, {
    '@odata.context': odataContext(ctx, `teams('${team.id}')/channels`), '@odata.count': team.channels.length,
    value: team.channels.map((c) => project(channelProps(ctx, team, c), select, CHANNEL_PROPS)),
  });
}

/** `https://graph.microsoft.com/v1.0/users('{id or upn}')` of a member body, as channel-post-members.md binds it. */
function boundUser(ctx: Ctx, body: Record<string, unknown>): string {
  const bind = body['user@odata.bind'];
  const key = typeof bind === 'string' ? /users\('((?:[^']|'')+)'\)$/.exec(bind)?.[1] : undefined;
  if (!key) throw badRequest("A member needs 'user@odata.bind' naming a user: https://graph.microsoft.com/v1.0/users('{id}').");
  return findUser(ctx, key.replace(/''/g, "'")).id;
}

/** channel-post-members.md: roles "Must be `owner` or empty." */
function rolesOf(body: Record<string, unknown>): string[] {
  const roles = body.roles ?? [];
  if (!Array.isArray(roles) || roles.some((r) => r !== 'owner')) throw badRequest("roles must be ['owner'] or empty.");
  return roles.length ? ['owner'] : [];
}

function addMember(ctx: Ctx, channel: EmuChannel, body: Record<string, unknown>): EmuMember {
  const userId = boundUser(ctx, body);
  if (channel.members.some((m) => m.userId === userId)) throw new ApiError(409, 'Conflict', `The user '${userId}' is already a member of the channel.`);
  const member = { id: memberId(channel.id, userId), userId, roles: rolesOf(body) };
  channel.members.push(member);
  return member;
}

function createChannel(ctx: Ctx): Reply {
  const { team } = teamOf(ctx);
  const body = jsonBody(ctx);
  const name = body.displayName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('displayName is required.');
  const type = body.membershipType ?? 'standard';
  if (typeof type !== 'string' || !MEMBERSHIP_TYPES.includes(type)) throw badRequest(`Invalid value '${String(type)}' for membershipType.`);
  const members = body.members ?? [];
  if (!Array.isArray(members) || (type === 'standard' && members.length)) throw badRequest('Members can be given only for private and shared channels.');
  const channel = newChannel(name, typeof body.description === 'string' ? body.description : null, type, ctx.state.clock.iso());
  for (const m of members as Record<string, unknown>[]) addMember(ctx, channel, m);
  team.channels.push(channel);
  return json(201, { '@odata.context': odataContext(ctx, `teams('${team.id}')/channels/$entity`), ...channelProps(ctx, team, channel) });
}

function updateChannel(ctx: Ctx): Reply {
  const { channel } = channelOf(ctx);
  const body = jsonBody(ctx);
  if (body.membershipType !== undefined && body.membershipType !== channel.membershipType) throw badRequest('The membershipType of an existing channel cannot be updated.');
  if (typeof body.displayName === 'string') channel.displayName = body.displayName;
  if (body.description !== undefined) channel.description = typeof body.description === 'string' ? body.description : null;
  return { status: 204 };
}

function deleteChannel(ctx: Ctx): Reply {
  const { team, channel } = channelOf(ctx);
  // Every team keeps its General channel (its primaryChannel); no Microsoft page words the refusal, so only its
  // status is the service's.
  if (channel === team.channels[0]) throw badRequest('The General channel of a team cannot be deleted.');
  team.channels.splice(team.channels.indexOf(channel), 1);
  return { status: 204 };
}

function memberView(ctx: Ctx, team: EmuTeam, channel: EmuChannel, m: EmuMember): Record<string, unknown> {
  const user = tenantOf(ctx).users.get(m.userId);
  const props = {
    id: m.id, displayName: user?.props.displayName ?? null, roles: m.roles, visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
    email: user?.props.mail ?? null, tenantId: tenantOf(ctx).tenantId, userId: m.userId,
  };
  return { '@odata.type': MEMBER_TYPE, ...project(props, undefined, MEMBER_PROPS) };
}

/** A standard channel's members are the team's: its group's owners (role owner) and members. */
function membersOf(ctx: Ctx, team: EmuTeam, channel: EmuChannel): EmuMember[] {
  if (channel.membershipType !== 'standard') return channel.members;
  const group = tenantOf(ctx).groups.get(team.id);
  const ids = [...new Set([...(group?.owners ?? []), ...(group?.members ?? [])])].filter((id) => tenantOf(ctx).users.has(id));
  return ids.map((userId) => ({ id: memberId(channel.id, userId), userId, roles: group?.owners.has(userId) ? ['owner'] : [] }));
}

function listMembers(ctx: Ctx): Reply {
  const { team, channel } = channelOf(ctx);
  return json(200, {
    '@odata.context': odataContext(ctx, `teams('${team.id}')/channels('${channel.id}')/members`),
    '@odata.count': membersOf(ctx, team, channel).length,
    value: membersOf(ctx, team, channel).map((m) => memberView(ctx, team, channel, m)),
  });
}

function privateChannel(ctx: Ctx): { team: EmuTeam; channel: EmuChannel } {
  const found = channelOf(ctx);
  // channel-post-members.md: adding members "is allowed only for channels with a membershipType value of private" (or shared).
  if (found.channel.membershipType === 'standard') throw badRequest('Members can be changed only on private and shared channels.');
  return found;
}

function postMember(ctx: Ctx): Reply {
  const { team, channel } = privateChannel(ctx);
  const m = addMember(ctx, channel, jsonBody(ctx));
  return json(201, { '@odata.context': odataContext(ctx, `teams('${team.id}')/channels('${channel.id}')/members/$entity`), ...memberView(ctx, team, channel, m) });
}

function memberOf(ctx: Ctx): { team: EmuTeam; channel: EmuChannel; member: EmuMember } {
  const { team, channel } = privateChannel(ctx);
  const member = channel.members.find((m) => m.id === ctx.params.mid);
  if (!member) throw notFound(ctx.params.mid ?? '');
  return { team, channel, member };
}

function patchMember(ctx: Ctx): Reply {
  const { team, channel, member } = memberOf(ctx);
  member.roles = rolesOf(jsonBody(ctx));
  return json(200, { '@odata.context': odataContext(ctx, `teams('${team.id}')/channels('${channel.id}')/members/$entity`), ...memberView(ctx, team, channel, member) });
}

function deleteMember(ctx: Ctx): Reply {
  const { channel, member } = memberOf(ctx);
  channel.members.splice(channel.members.indexOf(member), 1);
  return { status: 204 };
}

const C = '/v1.0/teams/:id/channels';
export const channelRoutes: Route[] = [
  { method: 'GET', pattern: C, handler: listChannels },
  { method: 'POST', pattern: C, handler: createChannel, write: true },
  { method: 'PATCH', pattern: `${C}/:cid`, handler: updateChannel, write: true },
  { method: 'DELETE', pattern: `${C}/:cid`, handler: deleteChannel, write: true },
  { method: 'GET', pattern: `${C}/:cid/members`, handler: listMembers },
  { method: 'POST', pattern: `${C}/:cid/members`, handler: postMember, write: true },
  { method: 'PATCH', pattern: `${C}/:cid/members/:mid`, handler: patchMember, write: true },
  { method: 'DELETE', pattern: `${C}/:cid/members/:mid`, handler: deleteMember, write: true },
];
