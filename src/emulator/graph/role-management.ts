// `/roleManagement/directory`: the built-in and the tenant's custom role definitions, the tenant's role assignments (list with $filter on
// principalId / roleDefinitionId / directoryScopeId, get, create with Graph's duplicate error, delete).
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import type { RoleAssignment, TenantState } from '../state.js';
import { BUILT_IN_ROLES, customRoles, findRole, roleDefinitionView } from './roles.js';
import { compileFilter, page, parseSelect, parseTop, project } from './odata.js';
import { audit, changed, findObject, objectTarget } from './directory-objects.js';
import { notFound, odataContext, tenantOf } from './common.js';
import { notByEmulator } from './advanced-query.js';
import { servicePrincipals } from './service-principals.js';

const ASSIGNMENT_PROPS = ['id', 'appScopeId', 'condition', 'directoryScopeId', 'principalId', 'principalOrganizationId', 'roleDefinitionId'];
const DEFINITION_PROPS = ['id', 'description', 'displayName', 'isBuiltIn', 'isEnabled', 'resourceScopes', 'templateId', 'version', 'rolePermissions'];
const ASSIGNMENT_FILTERABLE = new Set(['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId']);
const DEFINITION_FILTERABLE = new Set(['id', 'displayName', 'isBuiltIn', 'templateId']);

function assignmentView(tenant: TenantState, a: RoleAssignment): Record<string, unknown> {
  return {
    id: a.id, appScopeId: null, condition: null, directoryScopeId: a.directoryScopeId, principalId: a.principalId,
    principalOrganizationId: tenant.tenantId, roleDefinitionId: a.roleDefinitionId,
  };
}

function listDefinitions(ctx: Ctx): Reply {
  const select = parseSelect(ctx, new Set(DEFINITION_PROPS), 'unifiedRoleDefinition');
  const filter = ctx.query.get('$filter');
  const pred = filter ? compileFilter(filter, DEFINITION_FILTERABLE, 'unifiedRoleDefinition', false) : undefined;
  const items = [...BUILT_IN_ROLES, ...customRoles(tenantOf(ctx))].map(roleDefinitionView).filter((r) => !pred || pred(r));
  return json(200, {
    '@odata.context': odataContext(ctx, 'roleManagement/directory/roleDefinitions'),
    value: items.map((r) => project(r, select, DEFINITION_PROPS)),
  });
}

function getDefinition(ctx: Ctx): Reply {
  const id = ctx.params.id ?? '';
  const role = [...BUILT_IN_ROLES, ...customRoles(tenantOf(ctx))].find((r) => r.id === id.toLowerCase());
  if (!role) throw notFound(id);
  return json(200, { '@odata.context': odataContext(ctx, 'roleManagement/directory/roleDefinitions/$entity'), ...roleDefinitionView(role) });
}

function listAssignments(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, new Set(ASSIGNMENT_PROPS), 'unifiedRoleAssignment');
  const filter = ctx.query.get('$filter');
  const pred = filter ? compileFilter(filter, ASSIGNMENT_FILTERABLE, 'unifiedRoleAssignment', false) : undefined;
  const items = [...tenant.roleAssignments.values()].map((a) => assignmentView(tenant, a)).filter((a) => !pred || pred(a));
  const { slice, nextLink } = page(ctx, items, parseTop(ctx));
  const body: Record<string, unknown> = { '@odata.context': odataContext(ctx, 'roleManagement/directory/roleAssignments') };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((a) => project(a, select, ASSIGNMENT_PROPS));
  return json(200, body);
}

function findAssignment(tenant: TenantState, id: string): RoleAssignment {
  const a = tenant.roleAssignments.get(id);
  if (!a) throw notFound(id);
  return a;
}

function getAssignment(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const a = findAssignment(tenant, ctx.params.id ?? '');
  return json(200, { '@odata.context': odataContext(ctx, 'roleManagement/directory/roleAssignments/$entity'), ...assignmentView(tenant, a) });
}

/** Graph's assignment ids encode role template and principal (base64url of both GUIDs' bytes, then "-1"). */
function assignmentId(roleId: string, principalId: string): string {
  const bytes = Buffer.from(`${roleId}${principalId}`.replace(/-/g, ''), 'hex');
  return `${bytes.toString('base64url')}-1`;
}

/**
 * The scope of a new assignment. api-reference/v1.0/api/rbacapplication-post-roleassignments.md: "The request must
 * have either a scope defined in Azure Active Directory (Azure AD) specified by directoryScopeId, or an
 * application-specific scope specified by the appScopeId" — an assignment with neither is refused, never taken as tenant-wide. No error text is
 * published; the emulator gives Graph's generic invalid-value 400. App scopes are not modelled and say so.
 */
function assignmentScope(body: Record<string, unknown>): string {
  const dir = body.directoryScopeId;
  const app = body.appScopeId;
  if (app !== undefined && app !== null) throw notByEmulator('A role assignment with appScopeId');
  if (dir === undefined || dir === null) {
    throw new ApiError(400, 'Request_BadRequest', 'Either directoryScopeId or appScopeId must be specified for a role assignment.');
  }
  if (typeof dir !== 'string') {
    throw new ApiError(400, 'Request_BadRequest', "Invalid value specified for property 'directoryScopeId' of resource 'UnifiedRoleAssignment'.");
  }
  return dir;
}

type SpPrincipal = { kind: 'servicePrincipal'; id: string; props: { displayName: string } };

/**
 * The principal of an assignment: a user, a group or a service principal ("The identifier of the principal to which
 * the assignment is granted", api-reference/v1.0/api/rbacapplication-post-roleassignments.md) — an app's service
 * principal holds Exchange Administrator so that the app may call Exchange app-only.
 */
function principalOf(tenant: TenantState, id: string): NonNullable<ReturnType<typeof findObject>> | SpPrincipal | undefined {
  const obj = findObject(tenant, id);
  if (obj) return obj;
  const sp = servicePrincipals(tenant).find((s) => s.id === id.toLowerCase());
  return sp ? { kind: 'servicePrincipal', id: sp.id, props: { displayName: sp.displayName } } : undefined;
}

function targetOf(p: NonNullable<ReturnType<typeof principalOf>>) {
  return p.kind === 'servicePrincipal' ? { id: p.id, displayName: p.props.displayName, type: 'ServicePrincipal' as const } : objectTarget(p);
}

function createAssignment(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const body = jsonBody(ctx);
  for (const prop of ['roleDefinitionId', 'principalId']) {
    if (typeof body[prop] !== 'string' || body[prop] === '') {
      throw new ApiError(400, 'Request_BadRequest', `Invalid value specified for property '${prop}' of resource 'UnifiedRoleAssignment'.`);
    }
  }
  const scope = assignmentScope(body);
  if (!scope.startsWith('/')) {
    throw new ApiError(400, 'Request_BadRequest', "Invalid value specified for property 'directoryScopeId' of resource 'UnifiedRoleAssignment'.");
  }
  const role = findRole(body.roleDefinitionId as string);
  if (!role || role.displayName.toLowerCase() === String(body.roleDefinitionId).toLowerCase()) throw notFound(body.roleDefinitionId as string);
  const principal = principalOf(tenant, body.principalId as string);
  if (!principal) throw notFound(body.principalId as string);
  if (principal.kind === 'group' && principal.props.isAssignableToRole !== true) {
    throw new ApiError(400, 'Request_BadRequest', 'Only groups with isAssignableToRole set to true can be assigned to a directory role.');
  }
  for (const a of tenant.roleAssignments.values()) {
    if (a.roleDefinitionId === role.id && a.principalId === principal.id && a.directoryScopeId === scope) {
      throw new ApiError(400, 'Request_BadRequest', 'A conflicting object with one or more of the specified property values is present in the directory.');
    }
  }
  const id = scope === '/' ? assignmentId(role.id, principal.id) : `${assignmentId(role.id, principal.id)}-${tenant.roleAssignments.size}`;
  const a: RoleAssignment = { id, roleDefinitionId: role.id, principalId: principal.id, directoryScopeId: scope, createdMs: ctx.state.clock.now() };
  tenant.roleAssignments.set(id, a);
  audit(ctx, 'Add member to role', 'RoleManagement', 'Assign', targetOf(principal), [changed('Role.DisplayName', undefined, role.displayName)],
    { id: role.id, displayName: role.displayName, type: 'Role' });
  return json(201, { '@odata.context': odataContext(ctx, 'roleManagement/directory/roleAssignments/$entity'), ...assignmentView(tenant, a) });
}

function deleteAssignment(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const a = findAssignment(tenant, ctx.params.id ?? '');
  tenant.roleAssignments.delete(a.id);
  const principal = principalOf(tenant, a.principalId);
  const role = findRole(a.roleDefinitionId);
  audit(ctx, 'Remove member from role', 'RoleManagement', 'Unassign',
    principal ? targetOf(principal) : { id: a.principalId, displayName: null, type: 'User' },
    [changed('Role.DisplayName', role?.displayName, undefined)], { id: a.roleDefinitionId, displayName: role?.displayName ?? null, type: 'Role' });
  return json(204);
}

export const roleManagementRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/roleManagement/directory/roleDefinitions', handler: listDefinitions },
  { method: 'GET', pattern: '/v1.0/roleManagement/directory/roleDefinitions/:id', handler: getDefinition },
  { method: 'GET', pattern: '/v1.0/roleManagement/directory/roleAssignments', handler: listAssignments },
  { method: 'POST', pattern: '/v1.0/roleManagement/directory/roleAssignments', handler: createAssignment, write: true },
  { method: 'GET', pattern: '/v1.0/roleManagement/directory/roleAssignments/:id', handler: getAssignment },
  { method: 'DELETE', pattern: '/v1.0/roleManagement/directory/roleAssignments/:id', handler: deleteAssignment, write: true },
];
