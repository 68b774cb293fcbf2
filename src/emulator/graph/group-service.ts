// The routes of groups, memberships, delta, $batch and directory roles in the order the Graph module must list
// them: before its `/users/:id` routes, so that `/users/delta` is not taken for a user id.
import type { Route, ServiceModule } from '../router.js';
import { batchRoutes } from './batch.js';
import { deltaRoutes } from './delta.js';
import { groupMemberRoutes } from './group-members.js';
import { groupRoutes } from './groups.js';
import { roleManagementRoutes } from './role-management.js';

export function groupServiceRoutes(service: () => ServiceModule): Route[] {
  return [...deltaRoutes, ...batchRoutes(service), ...groupMemberRoutes, ...groupRoutes, ...roleManagementRoutes];
}
