// The tenant's Global Administrators, read alongside the kind's own assignments as a fact for the central policy: it
// refuses a plan that would leave none. Only users at directory scope count (a service principal is no admin to call).
import { GLOBAL_ADMIN_ROLE } from '../../catalog/entra-roles.js';
import type { GlobalAdminHolder } from '../contract.js';

export { GLOBAL_ADMIN_ROLE };

export interface AssignmentRef {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  directoryScopeId?: string;
}

export interface UserRef {
  id: string;
  userPrincipalName: string;
  accountEnabled?: boolean;
}

export const isGlobalAdmin = (a: AssignmentRef): boolean =>
  a.roleDefinitionId.toLowerCase() === GLOBAL_ADMIN_ROLE && (a.directoryScopeId ?? '/') === '/';

export function globalAdminHolders(assignments: AssignmentRef[], users: ReadonlyMap<string, UserRef>): GlobalAdminHolder[] {
  return assignments.filter(isGlobalAdmin).flatMap((a) => {
    const u = users.get(a.principalId);
    if (!u) return [];
    return [{ assignmentId: a.id, userPrincipalName: u.userPrincipalName.toLowerCase(), enabled: u.accountEnabled !== false }];
  }).sort((x, y) => (x.userPrincipalName < y.userPrincipalName ? -1 : x.userPrincipalName > y.userPrincipalName ? 1 : 0));
}
