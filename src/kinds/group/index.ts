// The `group` kind: security and Microsoft 365 groups, static or dynamic, keyed by mailNickname (`group:<nick>`),
// with group-based licensing. Members and owners are the membership kind's; Exchange groups are not read here.
import type { Kind } from '../contract.js';
import { applyGroup } from './apply.js';
import { exportGroups } from './export.js';
import { diffGroups } from './diff.js';
import { fetchGroups } from './fetch.js';
import { addressOf, selectGroups, type DesiredGroup, type LiveGroup } from './model.js';

export const groupKind: Kind<DesiredGroup, LiveGroup> = {
  kind: 'group',
  permissions: { graph: ['Group.ReadWrite.All', 'Organization.Read.All'], gdapRoles: ['Groups Administrator'] },
  pruneKey: 'groups',
  select: selectGroups,
  address: addressOf,
  fetch: fetchGroups,
  diff: diffGroups,
  apply: applyGroup,
  export: exportGroups,
};

export type { DesiredGroup, LiveGroup } from './model.js';
