// Reads the teams of the declared groups: ids by mailNickname through the group kind's shared read, then each team
// (`GET /teams/{id}`: 404 means the group has no team yet), its channels, and the members of private and shared
// channels whose members the YAML declares, their user ids named by user principal name. Any other failure
// propagates, so the tenant is unknown rather than its team absent. Every live group of a nickname is returned: the
// diff refuses a nickname two groups share.
import { ApiError } from '../../clients/errors.js';
import type { GraphApi } from '../../clients/types.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { groupKeys, readGroups } from '../group/fetch.js';
import { normalKey } from '../shared/reconcile.js';
import { seg } from '../shared/graph.js';
import { SETTINGS_GROUPS, type DesiredTeam, type LiveChannel, type LiveTeam, type Settings } from './model.js';

interface RawTeam { isArchived?: boolean | null; memberSettings?: Record<string, boolean>; guestSettings?: Record<string, boolean>; messagingSettings?: Record<string, boolean>; funSettings?: Record<string, boolean | string> }
interface RawChannel { id: string; displayName: string; description?: string | null; membershipType?: string | null }
interface RawMember { id: string; userId?: string | null; roles?: string[] }

const TEAM_SELECT = '$select=id,isArchived,memberSettings,guestSettings,messagingSettings,funSettings';
const CHANNEL_SELECT = '$select=id,displayName,description,membershipType';

async function readTeam(graph: GraphApi, id: string): Promise<RawTeam | undefined> {
  try {
    return await graph.get<RawTeam>(`/teams/${seg(id)}?${TEAM_SELECT}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** User principal names of channel members by user id, read once per run and user. */
async function upnsOf(ctx: FetchContext, ids: string[]): Promise<Map<string, string>> {
  const graph = ctx.clients.graph;
  const read = (id: string): Promise<{ userPrincipalName: string }> => {
    const path = `/users/${seg(id)}?$select=id,userPrincipalName`;
    return ctx.session.shared(`upn:${id}`, () => (graph.getShared ? graph.getShared(path) : graph.get(path)));
  };
  const found = await Promise.all([...new Set(ids)].map(async (id) => [id, (await read(id)).userPrincipalName] as const));
  return new Map(found);
}

function declaresMembers(d: DesiredTeam, name: string): boolean {
  return (d.spec.channels ?? []).some((c) => normalKey(c.displayName) === normalKey(name) && (c.owners !== undefined || c.members !== undefined));
}

async function channelsOf(ctx: FetchContext, d: DesiredTeam | undefined, teamId: string, all: boolean): Promise<LiveChannel[]> {
  const graph = ctx.clients.graph;
  const raw = await graph.list<RawChannel>(`/teams/${seg(teamId)}/channels?${CHANNEL_SELECT}`);
  return Promise.all(raw.map(async (c: RawChannel): Promise<LiveChannel> => {
    const channel: LiveChannel = { id: c.id, displayName: c.displayName, description: c.description ?? null, membershipType: c.membershipType ?? 'standard' };
    if (channel.membershipType === 'standard' || !(all || (d && declaresMembers(d, c.displayName)))) return channel;
    const members = await graph.list<RawMember>(`/teams/${seg(teamId)}/channels/${seg(c.id)}/members`);
    const upns = await upnsOf(ctx, members.flatMap((m) => (m.userId ? [m.userId] : [])));
    channel.members = members.flatMap((m) => (m.userId ? [{ id: m.id, user: upns.get(m.userId)!.toLowerCase(), owner: (m.roles ?? []).includes('owner') }] : []));
    return channel;
  }));
}

function settingsOf(raw: RawTeam): Settings {
  const out = {} as Settings;
  for (const g of SETTINGS_GROUPS) out[g] = { ...(raw[g] ?? {}) };
  return out;
}

/** The live teams of the declared groups; with `all` (export), every channel's members too. */
export async function fetchTeams(ctx: FetchContext, desired: DesiredTeam[], all = false): Promise<FetchResult<LiveTeam>> {
  const keys = [...new Set([...groupKeys(ctx.tenant), ...desired.map((d) => d.group)])];
  const read = await readGroups(ctx.clients.graph, ctx.session, keys, false, ctx.directory);
  const groups = desired.flatMap((d) => read.filter((g) => normalKey(g.mailNickname) === normalKey(d.group)).map((g) => ({ d, g })));
  const live = await Promise.all(groups.map(async ({ d, g }): Promise<LiveTeam> => {
    const raw = await readTeam(ctx.clients.graph, g.id);
    if (!raw) return { group: d.group, groupId: g.id };
    const channels = await channelsOf(ctx, d, g.id, all);
    return { group: d.group, groupId: g.id, team: { archived: raw.isArchived === true, settings: settingsOf(raw), channels } };
  }));
  return { live, complete: false };
}
