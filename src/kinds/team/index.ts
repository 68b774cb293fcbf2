// The `team` kind: the Microsoft Teams team of a Microsoft 365 group (`groups[].team`), one change per group
// (`team:<mailNickname>`): created from the group, its declared settings, archived or not, its channels (standard,
// private, shared; keyed by displayName) and the owners and members of private and shared channels. Undeclared
// channels stay (inventory); only `ensure: absent` deletes one, and General never.
import type { Kind } from '../contract.js';
import { applyTeam } from './apply.js';
import { diffTeams } from './diff.js';
import { exportTeams } from './export.js';
import { fetchTeams } from './fetch.js';
import { addressOf, selectTeams, type DesiredTeam, type LiveTeam } from './model.js';
import { validateTeams } from './validate.js';

export const teamKind: Kind<DesiredTeam, LiveTeam> = {
  kind: 'team',
  shape: 'child', section: 'groups', parent: 'group', fields: ['team'], prefix: 'team',
  uses: [{ field: 'team.channels[].owners[]', types: ['user'] }, { field: 'team.channels[].members[]', types: ['user'] }],
  // The least privileged application permission of each page (api-reference/v1.0/api/): team-get.md
  // (TeamSettings.Read.All), channel-list.md (Channel.ReadBasic.All), channel-list-members.md (ChannelMember.Read.All),
  // user-get.md for members' names (User.Read.All); team-put-teams.md (Group.ReadWrite.All), team-update.md,
  // team-archive.md and team-unarchive.md (TeamSettings.ReadWrite.All), channel-post.md (Channel.Create),
  // channel-patch.md (ChannelSettings.ReadWrite.All), channel-delete.md (Channel.Delete.All), and the member pages
  // (ChannelMember.ReadWrite.All).
  permissions: {
    read: { graph: ['TeamSettings.Read.All', 'Channel.ReadBasic.All', 'ChannelMember.Read.All', 'User.Read.All', 'Group.Read.All'], gdapRoles: ['Global Reader'] },
    write: {
      graph: ['Group.ReadWrite.All', 'TeamSettings.ReadWrite.All', 'Channel.Create', 'ChannelSettings.ReadWrite.All', 'Channel.Delete.All', 'ChannelMember.ReadWrite.All'],
      gdapRoles: ['Teams Administrator'],
    },
  },
  select: selectTeams,
  address: addressOf,
  fetch: (ctx, desired) => fetchTeams(ctx, desired),
  diff: diffTeams,
  validate: validateTeams,
  apply: applyTeam,
  export: exportTeams,
};

export type { DesiredTeam, LiveTeam } from './model.js';
