// The `directoryRole` kind: Entra directory role assignments of users, by role display name, at scope '/'.
import { directoryRoleChecks } from './checks.js';
import type { Kind } from '../contract.js';
import { applyRole } from './apply.js';
import { exportRoles } from './export.js';
import { diffRoles } from './diff.js';
import { fetchRoles } from './fetch.js';
import { addressOf, coversRole, selectRoles, type DesiredRole, type LiveRole } from './model.js';

export const directoryRoleKind: Kind<DesiredRole, LiveRole> = {
  kind: 'directoryRole',
  checks: directoryRoleChecks,
  shape: 'child', section: 'users', parent: 'user', fields: ['roles'], prefix: 'directoryRole',
  permissions: {
    read: { graph: ['RoleManagement.Read.Directory', 'User.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['RoleManagement.ReadWrite.Directory'], gdapRoles: ['Privileged Role Administrator'] },
  },
  pruneKey: 'directoryRoles',
  select: selectRoles,
  address: addressOf,
  covers: coversRole,
  fetch: fetchRoles,
  diff: diffRoles,
  apply: applyRole,
  export: exportRoles,
};

export type { DesiredRole, LiveRole } from './model.js';
