// The Teams side of a Microsoft 365 group, kept in the tenant's persisted `ext.teams` slot as plain data: a team per
// group (its id is the group's), its settings, its channels with their conversation members, and the long-running
// archive and unarchive operations (api-reference/v1.0/api/team-archive.md: 202 and a teamsAsyncOperation to poll).
// Property names are those of `team`, `channel`, `conversationMember` and `teamsAsyncOperation` in the v1.0 CSDL.
import { randomBytes, randomUUID } from 'node:crypto';
import type { TenantState } from '../state.js';

export type SettingsGroup = 'memberSettings' | 'guestSettings' | 'messagingSettings' | 'funSettings';
export const SETTINGS_GROUPS: readonly SettingsGroup[] = ['memberSettings', 'guestSettings', 'messagingSettings', 'funSettings'];

/** The properties of each settings complex type (teamMemberSettings, teamGuestSettings, ... in the CSDL). */
export const SETTINGS_PROPS: Record<SettingsGroup, readonly string[]> = {
  memberSettings: ['allowAddRemoveApps', 'allowCreatePrivateChannels', 'allowCreateUpdateChannels', 'allowCreateUpdateRemoveConnectors', 'allowCreateUpdateRemoveTabs', 'allowDeleteChannels'],
  guestSettings: ['allowCreateUpdateChannels', 'allowDeleteChannels'],
  messagingSettings: ['allowChannelMentions', 'allowOwnerDeleteMessages', 'allowTeamMentions', 'allowUserDeleteMessages', 'allowUserEditMessages'],
  funSettings: ['allowCustomMemes', 'allowGiphy', 'allowStickersAndMemes', 'giphyContentRating'],
};

/** giphyRatingType's members (strict, moderate), without unknownFutureValue. */
export const GIPHY_RATINGS = ['strict', 'moderate'];
export const MEMBERSHIP_TYPES = ['standard', 'private', 'shared'];

export type Settings = Record<SettingsGroup, Record<string, boolean | string>>;

export interface EmuMember { id: string; userId: string; roles: string[] }

export interface EmuChannel {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: string;
  createdDateTime: string;
  /** Private and shared channels only: a standard channel's members are the team's. */
  members: EmuMember[];
}

export interface EmuOperation {
  id: string;
  operationType: 'archiveTeam' | 'unarchiveTeam';
  createdMs: number;
  doneMs: number;
  settled: boolean;
}

export interface EmuTeam {
  id: string;
  createdDateTime: string;
  isArchived: boolean;
  settings: Settings;
  channels: EmuChannel[];
  operations: EmuOperation[];
}

/** How long an archive or unarchive runs on the emulator's clock before its operation succeeds. */
export const OPERATION_MS = 5_000;

/**
 * What a new team holds unless the request sets it: every flag on, as team-put-teams.md's example response shows
 * them, and Giphy's content rating `moderate`, the other member of giphyRatingType than the example's request sets.
 */
export function defaultSettings(): Settings {
  const on = (g: SettingsGroup): Record<string, boolean | string> => Object.fromEntries(SETTINGS_PROPS[g].map((p) => [p, true]));
  return { memberSettings: on('memberSettings'), guestSettings: on('guestSettings'), messagingSettings: on('messagingSettings'), funSettings: { ...on('funSettings'), giphyContentRating: 'moderate' } };
}

export function teamsOf(tenant: TenantState): Record<string, EmuTeam> {
  const existing = tenant.ext.teams as Record<string, EmuTeam> | undefined;
  if (existing) return existing;
  const teams: Record<string, EmuTeam> = {};
  tenant.ext.teams = teams;
  return teams;
}

/** Channel ids have Teams' thread form, `19:<32 hex>@thread.tacv2` (channel-post.md's examples). */
export const channelId = (): string => `19:${randomBytes(16).toString('hex')}@thread.tacv2`;

export function newChannel(displayName: string, description: string | null, membershipType: string, iso: string): EmuChannel {
  return { id: channelId(), displayName, description, membershipType, createdDateTime: iso, members: [] };
}

/** A new team with its General channel, which every team has and none can delete. */
export function newTeam(groupId: string, description: string | null, iso: string, settings: Settings = defaultSettings()): EmuTeam {
  return { id: groupId, createdDateTime: iso, isArchived: false, settings, channels: [newChannel('General', description, 'standard', iso)], operations: [] };
}

export const memberId = (channel: string, userId: string): string => Buffer.from(`${channel}##${userId}`).toString('base64');

/** Completes the operations whose time has come; the team's archived state changes only then. */
export function settle(team: EmuTeam, now: number): void {
  for (const op of team.operations) {
    if (op.settled || now < op.doneMs) continue;
    op.settled = true;
    team.isArchived = op.operationType === 'archiveTeam';
  }
}

export function startOperation(team: EmuTeam, type: EmuOperation['operationType'], now: number): EmuOperation {
  const op: EmuOperation = { id: randomUUID(), operationType: type, createdMs: now, doneMs: now + OPERATION_MS, settled: false };
  team.operations.push(op);
  return op;
}

/** The seed's view of a team: channels by name with members and owners by user principal name. */
export interface SeedTeam {
  archived?: boolean;
  memberSettings?: Record<string, boolean>;
  guestSettings?: Record<string, boolean>;
  messagingSettings?: Record<string, boolean>;
  funSettings?: Record<string, boolean | string>;
  channels?: { displayName: string; description?: string; membershipType?: 'standard' | 'private' | 'shared'; owners?: string[]; members?: string[] }[];
}

/** Seeds the team of group `groupId`; users are named by user principal name and must be seeded. */
export function seedTeam(tenant: TenantState, groupId: string, spec: SeedTeam, description: string | null, iso: string): void {
  const settings = defaultSettings();
  for (const g of SETTINGS_GROUPS) Object.assign(settings[g], spec[g] ?? {});
  const team = newTeam(groupId, description, iso, settings);
  team.isArchived = spec.archived === true;
  for (const c of spec.channels ?? []) {
    const general = team.channels[0]!;
    const channel = c.displayName.toLowerCase() === 'general' ? general : newChannel(c.displayName, c.description ?? null, c.membershipType ?? 'standard', iso);
    if (channel === general && c.description !== undefined) general.description = c.description;
    if (channel !== general) team.channels.push(channel);
    const add = (upn: string, owner: boolean): void => {
      const userId = tenant.upnIndex.get(upn.toLowerCase());
      if (!userId) throw new Error(`seed: team channel ${c.displayName}: no user ${upn}`);
      channel.members.push({ id: memberId(channel.id, userId), userId, roles: owner ? ['owner'] : [] });
    };
    for (const u of c.owners ?? []) add(u, true);
    for (const u of c.members ?? []) add(u, false);
  }
  teamsOf(tenant)[groupId] = team;
}
