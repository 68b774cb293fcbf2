// The team of a Microsoft 365 group: create from the group (api-reference/v1.0/api/team-put-teams.md), get
// (team-get.md), update its settings (team-update.md, 204), archive and unarchive as long-running operations
// (team-archive.md, team-unarchive.md: 202 with the Location of a teamsAsyncOperation) and the operation's status.
// A group created less than a while ago is not yet known to Teams: team-put-teams.md says the create "can fail with a
// 404 error code due to replication delays" for up to 15 minutes; the emulator ties that to the group's replication.
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import type { GroupObject } from '../state.js';
import { notFound, odataContext, tenantOf, visible } from './common.js';
import { parseSelect, project } from './odata.js';
import { notByEmulator } from './advanced-query.js';
import {
  GIPHY_RATINGS, SETTINGS_GROUPS, SETTINGS_PROPS, newTeam, settle, startOperation, teamsOf,
  type EmuOperation, type EmuTeam, type Settings, type SettingsGroup,
} from './teams-model.js';

/** The structural properties of `team` in the v1.0 CSDL that the emulator serves (the rest are absent). */
export const TEAM_PROPS = [
  'id', 'classification', 'createdDateTime', 'description', 'displayName', 'firstChannelName', 'internalId', 'isArchived', 'specialization',
  'tenantId', 'visibility', 'webUrl', 'memberSettings', 'guestSettings', 'messagingSettings', 'funSettings',
];
const TEAM_DECLARED = new Set([...TEAM_PROPS, 'summary']);
const OPERATION_PROPS = ['id', 'attemptsCount', 'createdDateTime', 'error', 'lastActionDateTime', 'operationType', 'status', 'targetResourceId', 'targetResourceLocation'];

function groupOf(ctx: Ctx, id: string): GroupObject {
  const group = tenantOf(ctx).groups.get(id.toLowerCase());
  if (!group || !visible(ctx, group)) throw notFound(id);
  return group;
}

export function teamOf(ctx: Ctx): { team: EmuTeam; group: GroupObject } {
  const id = (ctx.params.id ?? '').toLowerCase();
  const group = groupOf(ctx, id);
  const team = teamsOf(tenantOf(ctx))[id];
  if (!team) throw notFound(id);
  settle(team, ctx.state.clock.now());
  return { team, group };
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.charAt(0).toLowerCase() + v.slice(1) : 'public');

function teamProps(ctx: Ctx, team: EmuTeam, group: GroupObject): Record<string, unknown> {
  const tenantId = tenantOf(ctx).tenantId;
  return {
    id: team.id, classification: null, createdDateTime: team.createdDateTime, description: group.props.description ?? null,
    displayName: group.props.displayName ?? null, firstChannelName: null, internalId: team.channels[0]?.id ?? null, isArchived: team.isArchived,
    specialization: 'none', tenantId, visibility: lower(group.props.visibility),
    webUrl: `https://teams.microsoft.com/l/team/${encodeURIComponent(team.channels[0]?.id ?? '')}/conversations?groupId=${team.id}&tenantId=${tenantId}`,
    ...structuredClone(team.settings),
  };
}

/** The settings a team body sets, each checked against its complex type; other team properties are refused. */
function settingsOf(body: Record<string, unknown>): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.includes('@odata.')) continue;
    if (!(SETTINGS_GROUPS as readonly string[]).includes(key)) {
      if (TEAM_DECLARED.has(key)) throw notByEmulator(`Setting '${key}' of a team`);
      throw new ApiError(400, 'BadRequest', `Property '${key}' does not exist on type 'microsoft.graph.team'.`);
    }
    const group = key as SettingsGroup;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, 'BadRequest', `Invalid value for property '${key}'.`);
    const set: Record<string, boolean | string> = {};
    for (const [p, v] of Object.entries(value as Record<string, unknown>)) {
      if (!SETTINGS_PROPS[group].includes(p)) throw new ApiError(400, 'BadRequest', `Property '${p}' does not exist on type 'microsoft.graph.team${group.charAt(0).toUpperCase()}${group.slice(1)}'.`);
      const ok = p === 'giphyContentRating' ? typeof v === 'string' && GIPHY_RATINGS.includes(v) : typeof v === 'boolean';
      if (!ok) throw new ApiError(400, 'BadRequest', `Invalid value for property '${group}.${p}'.`);
      set[p] = v as boolean | string;
    }
    out[group] = set;
  }
  return out;
}

function merge(team: EmuTeam, settings: Partial<Settings>): void {
  for (const g of SETTINGS_GROUPS) Object.assign(team.settings[g], settings[g] ?? {});
}

function createTeam(ctx: Ctx): Reply {
  const id = (ctx.params.id ?? '').toLowerCase();
  const group = tenantOf(ctx).groups.get(id);
  // team-put-teams.md: a group created moments ago may not be known to Teams yet, and the create answers 404.
  if (!group || !visible(ctx, group)) throw notFound(ctx.params.id ?? '');
  const teams = teamsOf(tenantOf(ctx));
  // The page names no answer for a second team on one group; the emulator refuses it rather than replace the first.
  if (teams[id]) throw new ApiError(409, 'Conflict', `The group '${id}' already has a team.`);
  const settings = settingsOf(jsonBody(ctx));
  const team = newTeam(id, (group.props.description as string | null | undefined) ?? null, ctx.state.clock.iso());
  merge(team, settings);
  teams[id] = team;
  return json(201, { '@odata.context': odataContext(ctx, 'teams/$entity'), ...teamProps(ctx, team, group) });
}

function getTeam(ctx: Ctx): Reply {
  const { team, group } = teamOf(ctx);
  const select = parseSelect(ctx, TEAM_DECLARED, 'team');
  return json(200, { '@odata.context': odataContext(ctx, 'teams/$entity'), ...project(teamProps(ctx, team, group), select, TEAM_PROPS) });
}

function updateTeam(ctx: Ctx): Reply {
  const { team } = teamOf(ctx);
  merge(team, settingsOf(jsonBody(ctx)));
  return { status: 204 };
}

/** team-archive.md: 202 Accepted, `Location: /teams('{id}')/operations('{opId}')`, an empty text/plain body. */
function operation(type: EmuOperation['operationType']) {
  return (ctx: Ctx): Reply => {
    const { team } = teamOf(ctx);
    if (ctx.rawBody.trim() !== '') {
      const body = jsonBody(ctx);
      // team-archive.md: "The shouldSetSpoSiteReadOnlyForMembers parameter is not supported in the application context."
      if (type === 'archiveTeam' && body.shouldSetSpoSiteReadOnlyForMembers === true) {
        throw new ApiError(400, 'BadRequest', 'shouldSetSpoSiteReadOnlyForMembers is not supported in the application context.');
      }
    }
    const op = startOperation(team, type, ctx.state.clock.now());
    return { status: 202, headers: { location: `/teams('${team.id}')/operations('${op.id}')`, 'content-type': 'text/plain' }, body: '' };
  };
}

function getOperation(ctx: Ctx): Reply {
  const { team } = teamOf(ctx);
  const op = team.operations.find((o) => o.id === (ctx.params.opId ?? '').toLowerCase());
  if (!op) throw notFound(ctx.params.opId ?? '');
  const iso = (ms: number): string => new Date(ms).toISOString();
  const body = {
    id: op.id, attemptsCount: 1, createdDateTime: iso(op.createdMs), error: null,
    lastActionDateTime: iso(op.settled ? op.doneMs : ctx.state.clock.now()), operationType: op.operationType,
    status: op.settled ? 'succeeded' : 'inProgress', targetResourceId: team.id, targetResourceLocation: `/teams('${team.id}')`,
  };
  return json(200, { '@odata.context': odataContext(ctx, `teams('${team.id}')/operations/$entity`), ...project(body, undefined, OPERATION_PROPS) });
}

export const teamRoutes: Route[] = [
  { method: 'PUT', pattern: '/v1.0/groups/:id/team', handler: createTeam, write: true },
  { method: 'GET', pattern: '/v1.0/teams/:id', handler: getTeam },
  { method: 'PATCH', pattern: '/v1.0/teams/:id', handler: updateTeam, write: true },
  { method: 'POST', pattern: '/v1.0/teams/:id/archive', handler: operation('archiveTeam'), write: true },
  { method: 'POST', pattern: '/v1.0/teams/:id/unarchive', handler: operation('unarchiveTeam'), write: true },
  { method: 'GET', pattern: '/v1.0/teams/:id/operations/:opId', handler: getOperation },
];
