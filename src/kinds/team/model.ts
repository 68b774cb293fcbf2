// The team kind's shapes. A team lives on a Microsoft 365 group's entry (`groups[].team`), one change per group at
// `team:<mailNickname lower>`; its channels are keyed by displayName inside it, compared as Teams compares channel
// names (case-insensitive, in NFC), and the members and owners of private and shared channels by user principal name.
import type { ChannelSpec, TeamSpec } from '../../config/generated.js';
import type { TenantConfig } from '../../config/model.js';
import { declaredType } from '../group/model.js';

export type SettingsGroup = 'memberSettings' | 'guestSettings' | 'messagingSettings' | 'funSettings';
export const SETTINGS_GROUPS: readonly SettingsGroup[] = ['memberSettings', 'guestSettings', 'messagingSettings', 'funSettings'];
export type Settings = Record<SettingsGroup, Record<string, boolean | string>>;

/** Every team has its General channel; it cannot be deleted, so it is never a removal or prune candidate. */
export const GENERAL = 'general';

export interface DesiredTeam {
  /** The group's mailNickname, lower case. */
  group: string;
  spec: TeamSpec;
  /** `groups[i]`; the team is at `<path>.team`. */
  path: string;
}

export interface LiveChannel {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: string;
  /** Private and shared channels whose members the YAML declares: each member by user principal name. */
  members?: { id: string; user: string; owner: boolean }[];
}

/** A live group of a declared nickname, with its team when it has one. */
export interface LiveTeam {
  group: string;
  groupId: string;
  team?: { archived: boolean; settings: Settings; channels: LiveChannel[] };
}

export const teamAddress = (group: string): string => `team:${group.toLowerCase()}`;

export const addressOf = (o: DesiredTeam | LiveTeam): string => teamAddress(o.group);

export const channelType = (c: ChannelSpec): string => c.type ?? 'standard';

/** Declared teams of groups the YAML keeps; a team on a group that is not Microsoft 365 is validate's error. */
export function selectTeams(config: TenantConfig): DesiredTeam[] {
  const out: DesiredTeam[] = [];
  (config.groups ?? []).forEach((g, i) => {
    if (!g.team || g.ensure === 'absent' || declaredType(g) !== 'microsoft365') return;
    out.push({ group: g.mailNickname.toLowerCase(), spec: g.team, path: `groups[${i}]` });
  });
  return out;
}
