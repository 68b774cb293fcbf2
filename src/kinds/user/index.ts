// The `user` kind. Address `user:<upn lower>`. Users declared `external` are read (so references resolve and they
// are not counted as unmanaged) but never changed. A declared user found in deleted items is restored, not re-created.
import { userChecks } from './checks.js';
import type { TenantConfig } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { applyUser } from './apply.js';
import { exportUsers } from './export.js';
import { diffUsers } from './diff.js';
import { fetchUsers } from './fetch.js';
import { addressOf, type DesiredUser, type LiveUser } from './model.js';

export const userKind: Kind<DesiredUser, LiveUser> = {
  kind: 'user',
  checks: userChecks,
  shape: 'collection', section: 'users', listKey: ['userPrincipalName'], prefix: 'user', schema: 'users.schema.json',
    offers: [{ type: 'user', field: 'userPrincipalName', inTenant: true }], uses: [{ field: 'manager', types: ['user'] }, { field: 'lifecycle.delegate', types: ['user'] }],
  // Restoring from deletedItems and setting managers are covered by User.ReadWrite.All.
  // Pruning lists Get-MailUser, so that a mail user's account is never taken for an undeclared user.
  permissions: {
    read: { graph: ['User.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['User.ReadWrite.All'], gdapRoles: ['User Administrator'] },
    prune: { exchange: ['Exchange.ManageAsApp'], gdapRoles: ['Global Reader'] },
  },
  pruneKey: 'users',
  select: (config: TenantConfig) => (config.users ?? []).map((spec, i) => ({ spec, path: `users[${i}]` })),
  address: addressOf,
  fetch: fetchUsers,
  diff: diffUsers,
  apply: applyUser,
  export: exportUsers,
};

export type { DesiredUser, LiveUser } from './model.js';
