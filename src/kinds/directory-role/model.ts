// The directoryRole kind's shapes. Address: `directoryRole:<upn lower>/<role display name>`, one per assignment at
// directory scope '/'. A user's declared `roles` list is authoritative for that user.
import type { TenantConfig, UserSpec } from '../../config/model.js';

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

/** A role address belongs to a user whose declared `roles` list makes the read cover all of theirs. */
export function coversRole(address: string, config: TenantConfig): boolean {
  const upn = address.slice('directoryRole:'.length, address.indexOf('/'));
  return usersWithRoles(config).some(({ spec }) => spec.userPrincipalName.toLowerCase() === upn);
}

export function usersWithRoles(config: TenantConfig): { spec: UserSpec; index: number }[] {
  return (config.users ?? [])
    .map((spec, index) => ({ spec, index }))
    .filter(({ spec }) => spec.roles !== undefined && spec.ensure !== 'absent' && !spec.external);
}

export function selectRoles(config: TenantConfig): DesiredRole[] {
  return usersWithRoles(config).flatMap(({ spec, index }) =>
    (spec.roles ?? []).map((role, j) => ({ upn: spec.userPrincipalName.toLowerCase(), role, path: `users[${index}].roles[${j}]` })),
  );
}
