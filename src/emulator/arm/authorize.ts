// Azure RBAC for ARM calls: the caller (the token's oid, and the groups it is a direct member of) needs a role
// assignment at the request's scope or above whose role allows the route's action. ARM answers 403
// AuthorizationFailed otherwise, with the message quoted in test/conformance/arm.test.ts. The Partner admin link
// (Microsoft.ManagementPartner) is about the caller itself and needs no assignment.
import { ApiError, type Ctx, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { armModel, findRoleDefinition } from './model.js';

const AUTHZ = 'Microsoft.Authorization';

/** The action a route performs, as Azure names it; null for routes RBAC does not gate. */
export function actionOf(route: Route): string | null {
  const p = route.pattern;
  if (p.startsWith('/providers/Microsoft.ManagementPartner')) return null;
  if (p === '/subscriptions') return null;
  const kind = p.includes('/roleDefinitions') ? 'roleDefinitions' : p.includes('/roleAssignments') ? 'roleAssignments' : null;
  if (!kind) return 'Microsoft.Resources/subscriptions/read';
  const verb = route.method === 'GET' ? 'read' : route.method === 'DELETE' ? 'delete' : 'write';
  return `${AUTHZ}/${kind}/${verb}`;
}

const wildcard = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');

function roleAllows(permissions: { actions: string[]; notActions: string[] }[], action: string): boolean {
  return permissions.some((p) => p.actions.some((a) => wildcard(a).test(action)) && !p.notActions.some((n) => wildcard(n).test(action)));
}

/** The request's scope: the path up to its Microsoft.Authorization segment. */
export function scopeOfPath(path: string): string {
  const i = path.toLowerCase().indexOf(`/providers/${AUTHZ.toLowerCase()}/`);
  return i >= 0 ? path.slice(0, i) : path;
}

function principalsOf(tenant: TenantState, oid: string): Set<string> {
  const ids = new Set([oid]);
  for (const g of tenant.groups.values()) if (g.members.has(oid)) ids.add(g.id);
  return ids;
}

/** Whether `oid` may perform `action` at `scope` in `tenant`. */
export function canPerform(ctx: Ctx, tenant: TenantState, oid: string, action: string, scope: string): boolean {
  const model = armModel(ctx.state, tenant);
  const who = principalsOf(tenant, oid);
  const target = scope.toLowerCase();
  return model.assignments.some((a) => {
    const at = a.scope.toLowerCase();
    if (!who.has(a.principalId) || !(target === at || target.startsWith(`${at}/`))) return false;
    const role = findRoleDefinition(model, a.roleDefinitionId);
    return role !== undefined && roleAllows(role.permissions, action);
  });
}

export function authorizeArm(ctx: Ctx, route: Route): void {
  const action = actionOf(route);
  if (!action || !ctx.tenant || !ctx.token) return;
  const scope = scopeOfPath(ctx.path);
  // A subscription of another tenant is answered by the route itself (InvalidAuthenticationTokenTenant, 404).
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase();
  if (!ctx.tenant.azure.subscriptions.some((s) => s.subscriptionId.toLowerCase() === sub)) return;
  if (canPerform(ctx, ctx.tenant, ctx.token.oid, action, scope)) return;
  const oid = ctx.token.oid;
  throw new ApiError(403, 'AuthorizationFailed', `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
}
