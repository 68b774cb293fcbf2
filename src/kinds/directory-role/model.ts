// The directoryRole kind's shapes. Address: `directoryRole:<upn lower>/<role display name>`, one per assignment at
// directory scope '/'. A user's declared `roles` list is authoritative for that user.
import type { TenantConfig } from '../../config/model.js';
import { coversListed, usersListing } from '../shared/user-lists.js';

export interface DesiredRole {
  upn: string;
  role: string;
  path: string;
}

export interface LiveRole {
  /** The unifiedRoleAssignment id. */
  id: string;
  upn: string;
  role: string;
  roleDefinitionId: string;
  principalId: string;
}

export interface RoleDefinition {
  id: string;
  displayName: string;
}

export const roleAddress = (upn: string, role: string): string => `directoryRole:${upn.toLowerCase()}/${role}`;

export const addressOf = (o: DesiredRole | LiveRole): string => roleAddress(o.upn, o.role);

export const coversRole = coversListed('directoryRole', 'roles');

/** Users whose `roles` list is declared: that list is the whole truth for them. */
export const usersWithRoles = (config: TenantConfig) => usersListing(config, 'roles');

export function selectRoles(config: TenantConfig): DesiredRole[] {
  return usersWithRoles(config).flatMap(({ spec, index }) =>
    (spec.roles ?? []).map((role, j) => ({ upn: spec.userPrincipalName.toLowerCase(), role, path: `users[${index}].roles[${j}]` })),
  );
}
