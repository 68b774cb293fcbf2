// The `group` kind: security and Microsoft 365 groups, static or dynamic, keyed by mailNickname (`group:<nick>`),
// with group-based licensing. Members and owners are the membership kind's; Exchange groups are not read here.
import { groupChecks } from './checks.js';
import type { Kind } from '../contract.js';
import { applyGroup } from './apply.js';
import { exportGroups } from './export.js';
import { diffGroups } from './diff.js';
import { fetchGroups } from './fetch.js';
import { addressOf, selectGroups, type DesiredGroup, type LiveGroup } from './model.js';

export const groupKind: Kind<DesiredGroup, LiveGroup> = {
  kind: 'group',
  checks: groupChecks,
  shape: 'collection', section: 'groups', listKey: ['mailNickname'], prefix: 'group', schema: 'groups.schema.json',
    offers: [{ type: 'group', field: 'mailNickname' }, { type: 'recipient', field: 'primarySmtpAddress', inTenant: true }],
    lists: [{ field: 'licenses', key: ['sku'] }],
  // Group.Read.All for the deleted Microsoft 365 groups; Group.ReadWrite.All to update, delete, restore and license.
  permissions: {
    read: { graph: ['Group.Read.All', 'Organization.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['Group.ReadWrite.All'], gdapRoles: ['Groups Administrator', 'License Administrator'] },
  },
  pruneKey: 'groups',
  select: selectGroups,
  address: addressOf,
  fetch: fetchGroups,
  diff: diffGroups,
  apply: applyGroup,
  export: exportGroups,
};

export type { DesiredGroup, LiveGroup } from './model.js';
