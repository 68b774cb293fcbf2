// The application permissions of the Teams routes, from each page's permissions table (api-reference/v1.0/api/):
// least privileged first. Resource-specific consent permissions (`*.Group`) are granted per team by its owners and
// are accepted like the others; `**` ones, which the pages keep for backward compatibility, are accepted too.
const TEAM_READ = ['TeamSettings.Read.Group', 'TeamSettings.ReadWrite.Group', 'Team.ReadBasic.All', 'TeamSettings.Read.All', 'TeamSettings.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
// team-update.md, team-archive.md, team-unarchive.md.
const TEAM_WRITE = ['TeamSettings.ReadWrite.Group', 'TeamSettings.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'];
// team-put-teams.md.
const TEAM_CREATE = ['Group.ReadWrite.All', 'Directory.ReadWrite.All'];
// channel-list.md.
const CHANNEL_READ = ['ChannelSettings.Read.Group', 'ChannelSettings.ReadWrite.Group', 'Channel.ReadBasic.All', 'ChannelSettings.Read.All', 'ChannelSettings.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
// channel-post.md.
const CHANNEL_CREATE = ['Channel.Create.Group', 'Channel.Create', 'Teamwork.Migrate.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'];
// channel-patch.md.
const CHANNEL_WRITE = ['ChannelSettings.ReadWrite.Group', 'ChannelSettings.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'];
// channel-delete.md.
const CHANNEL_DELETE = ['Channel.Delete.Group', 'Channel.Delete.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'];
// channel-list-members.md; channel-post-members.md, channel-update-members.md and channel-delete-members.md.
const MEMBER_READ = ['ChannelMember.Read.All', 'ChannelMember.ReadWrite.All'];
const MEMBER_WRITE = ['ChannelMember.ReadWrite.All'];

const C = '/v1.0/teams/:id/channels';

export const TEAMS_PERMISSIONS: Record<string, string[]> = {
  'PUT /v1.0/groups/:id/team': TEAM_CREATE,
  'GET /v1.0/teams/:id': TEAM_READ,
  'PATCH /v1.0/teams/:id': TEAM_WRITE,
  'POST /v1.0/teams/:id/archive': TEAM_WRITE,
  'POST /v1.0/teams/:id/unarchive': TEAM_WRITE,
  // The operation an archive or unarchive answered with is read with what reads the team, or what started it.
  'GET /v1.0/teams/:id/operations/:opId': [...new Set([...TEAM_READ, ...TEAM_WRITE])],
  [`GET ${C}`]: CHANNEL_READ,
  [`POST ${C}`]: CHANNEL_CREATE,
  [`PATCH ${C}/:cid`]: CHANNEL_WRITE,
  [`DELETE ${C}/:cid`]: CHANNEL_DELETE,
  [`GET ${C}/:cid/members`]: MEMBER_READ,
  [`POST ${C}/:cid/members`]: MEMBER_WRITE,
  [`PATCH ${C}/:cid/members/:mid`]: MEMBER_WRITE,
  [`DELETE ${C}/:cid/members/:mid`]: MEMBER_WRITE,
};
