// The `membership` kind: members and owners of security and Microsoft 365 groups, one change per group
// (`membership:<mailNickname>`). Lists are authoritative unless `membersMode: additive` (which also governs owners);
// dynamic groups are skipped. Nested groups are `group:<nick>`; a member created in the same plan is a dependency.
import type { Kind } from '../contract.js';
import { applyMembership } from './apply.js';
import { exportMemberships } from './export.js';
import { diffMemberships } from './diff.js';
import { fetchMemberships } from './fetch.js';
import { addressOf, selectMemberships, type DesiredMembership, type LiveMembership } from './model.js';

export const membershipKind: Kind<DesiredMembership, LiveMembership> = {
  kind: 'membership',
  shape: 'child', section: 'groups', parent: 'group', fields: ['members', 'owners'], prefix: 'membership',
    uses: [{ field: 'members[]', types: ['user', 'group', 'guest'] }, { field: 'owners[]', types: ['user', 'group', 'guest'] }],
  // Owners are read with Group.Read.All and changed with Group.ReadWrite.All (the group kind's, always declared too).
  permissions: {
    read: { graph: ['GroupMember.Read.All', 'Group.Read.All', 'User.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All'], gdapRoles: ['Groups Administrator'] },
  },
  pruneKey: 'memberships',
  select: selectMemberships,
  address: addressOf,
  fetch: fetchMemberships,
  diff: diffMemberships,
  apply: applyMembership,
  export: exportMemberships,
};

export type { DesiredMembership, LiveMembership } from './model.js';
