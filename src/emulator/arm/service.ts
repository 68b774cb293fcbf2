// ARM: role definitions and role assignments under `/subscriptions/...`, Partner Admin Link under `/providers/...`.
// Bodies, status codes and error codes follow the 2022-04-01 authorization examples in shared/reference/arm.
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route, type ServiceModule } from '../router.js';
import { AUDIENCES } from '../tokens.js';
import { isReplicated } from '../replication.js';
import { authorizeArm, canPerform } from './authorize.js';
import type { TenantState } from '../state.js';
import {
  BUILT_IN_ARM_ROLES, BUILT_IN_ROLE_DATES, allRoleDefinitions, armModel, covers, findRoleDefinition, resolveScope, sameScope,
  type ArmAssignment, type ArmRoleDefinition, type ParsedScope,
} from './model.js';
import { partnerLinkRoutes } from './partner-link.js';
import { armErrorReply, callerTenant, requireApiVersion } from './common.js';

export interface ArmServiceOptions { pageSize?: number }

const AUTH = 'providers/Microsoft.Authorization';
const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];
const SCOPES = [
  'subscriptions/:sub',
  'subscriptions/:sub/resourceGroups/:rg',
  'subscriptions/:sub/resourceGroups/:rg/providers/:ns/:rtype/:rname',
];

function scopeOf(ctx: Ctx): ParsedScope {
  requireApiVersion(ctx);
  const p = ctx.params;
  const rest = p.ns ? `/providers/${p.ns}/${p.rtype}/${p.rname}` : '';
  return resolveScope(ctx.state, callerTenant(ctx), p.sub ?? '', p.rg, rest);
}

const defId = (sub: string, id: string): string => `/subscriptions/${sub}/${AUTH}/roleDefinitions/${id}`;

function definitionView(sub: string, r: ArmRoleDefinition): Record<string, unknown> {
  return {
    id: defId(sub, r.id), type: 'Microsoft.Authorization/roleDefinitions', name: r.id,
    properties: {
      roleName: r.roleName, type: r.type, description: r.description, assignableScopes: r.assignableScopes, permissions: r.permissions,
      createdOn: r.createdOn ?? BUILT_IN_ROLE_DATES.createdOn, updatedOn: r.updatedOn ?? BUILT_IN_ROLE_DATES.updatedOn,
      createdBy: r.createdBy ?? null, updatedBy: r.updatedBy ?? null,
    },
  };
}

function assignmentView(sub: string, a: ArmAssignment): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: defId(sub, a.roleDefinitionId), principalId: a.principalId, principalType: a.principalType,
      scope: a.scope, condition: null, conditionVersion: null, createdOn: a.createdOn, updatedOn: a.createdOn,
      createdBy: a.createdBy ?? null, updatedBy: a.createdBy ?? null, delegatedManagedIdentityResourceId: null,
      description: a.description ?? null,
    },
    id: `${a.scope}/${AUTH}/roleAssignments/${a.name}`, type: 'Microsoft.Authorization/roleAssignments', name: a.name,
  };
}

function listDefinitions(ctx: Ctx): Reply {
  const s = scopeOf(ctx);
  const model = armModel(ctx.state, callerTenant(ctx));
  const filter = ctx.query.get('$filter');
  let defs = allRoleDefinitions(model).filter((r) => r.assignableScopes.some((a) => a === '/' || covers(a, s.scope)));
  if (filter) {
    const byName = filter.match(/^roleName eq '(.*)'$/i);
    const byType = filter.match(/^type eq '(BuiltInRole|CustomRole)'$/i);
    if (byName) defs = defs.filter((r) => r.roleName.toLowerCase() === (byName[1] ?? '').replace(/''/g, "'").toLowerCase());
    else if (byType) defs = defs.filter((r) => r.type.toLowerCase() === (byType[1] ?? '').toLowerCase());
    else throw new ApiError(400, 'InvalidFilter', `The filter '${filter}' is not supported.`);
  }
  return json(200, { value: defs.map((r) => definitionView(s.subscription.subscriptionId, r)) });
}

function getDefinition(ctx: Ctx): Reply {
  const s = scopeOf(ctx);
  const def = findRoleDefinition(armModel(ctx.state, callerTenant(ctx)), ctx.params.id ?? '');
  if (!def) throw new ApiError(404, 'RoleDefinitionDoesNotExist', 'The specified role definition with ID \'' + (ctx.params.id ?? '') + '\' does not exist.');
  return json(200, definitionView(s.subscription.subscriptionId, def));
}

function putDefinition(ctx: Ctx): Reply {
  const s = scopeOf(ctx);
  const model = armModel(ctx.state, callerTenant(ctx));
  const id = (ctx.params.id ?? '').toLowerCase();
  const props = (jsonBody(ctx).properties ?? {}) as Partial<ArmRoleDefinition>;
  if (!props.roleName) throw new ApiError(400, 'InvalidRoleDefinition', 'The role definition must have a roleName.');
  if (allRoleDefinitions(model).some((r) => r.roleName.toLowerCase() === props.roleName?.toLowerCase() && r.id !== id)) {
    throw new ApiError(409, 'RoleDefinitionWithSameNameExists', 'A custom role with the same name already exists in this directory.');
  }
  if (BUILT_IN_ARM_ROLES.some((r) => r.id === id)) throw new ApiError(400, 'RoleDefinitionUpdateNotPermitted', 'Built-in roles cannot be changed.');
  const existing = model.customRoles.findIndex((r) => r.id === id);
  const before = model.customRoles[existing];
  const now = ctx.state.clock.iso();
  const caller = ctx.token?.oid ?? null;
  const def: ArmRoleDefinition = {
    id, roleName: props.roleName, type: 'CustomRole', description: props.description ?? '',
    assignableScopes: props.assignableScopes?.length ? props.assignableScopes : [s.scope],
    permissions: props.permissions ?? [{ actions: [], notActions: [], dataActions: [], notDataActions: [] }],
    createdOn: before?.createdOn ?? now, updatedOn: now, createdBy: before ? (before.createdBy ?? null) : caller, updatedBy: caller,
  };
  if (existing >= 0) model.customRoles[existing] = def;
  else model.customRoles.push(def);
  return json(existing >= 0 ? 200 : 201, definitionView(s.subscription.subscriptionId, def));
}

function assignmentFilter(filter: string | null): { atScope: boolean; principalId?: string } {
  if (!filter) return { atScope: false };
  const out: { atScope: boolean; principalId?: string } = { atScope: false };
  for (const term of filter.split(/\s+and\s+/i)) {
    const principal = term.match(/^principalId eq '([^']+)'$/i);
    if (/^atScope\(\)$/i.test(term.trim())) out.atScope = true;
    else if (principal) out.principalId = (principal[1] ?? '').toLowerCase();
    else throw new ApiError(400, 'InvalidFilter', `The filter '${filter}' is not supported.`);
  }
  return out;
}

function listAssignments(pageSize: number) {
  return (ctx: Ctx): Reply => {
    const s = scopeOf(ctx);
    const model = armModel(ctx.state, callerTenant(ctx));
    const f = assignmentFilter(ctx.query.get('$filter'));
    const all = model.assignments.filter((a) =>
      (covers(a.scope, s.scope) || (!f.atScope && covers(s.scope, a.scope))) && (!f.principalId || a.principalId === f.principalId));
    const skip = Number(ctx.query.get('$skiptoken') ?? '0') || 0;
    const page = all.slice(skip, skip + pageSize);
    const body: Record<string, unknown> = { value: page.map((a) => assignmentView(s.subscription.subscriptionId, a)) };
    if (skip + pageSize < all.length) {
      const next = new URLSearchParams(ctx.query);
      next.set('$skiptoken', String(skip + pageSize));
      body.nextLink = `${ctx.origin}${ctx.path}?${next.toString().replace(/%24/g, '$')}`;
    }
    return json(200, body);
  };
}

function findAssignment(ctx: Ctx): { s: ParsedScope; a?: ArmAssignment; list: ArmAssignment[] } {
  const s = scopeOf(ctx);
  const list = armModel(ctx.state, callerTenant(ctx)).assignments;
  const name = (ctx.params.name ?? '').toLowerCase();
  return { s, list, a: list.find((x) => x.name === name && sameScope(x.scope, s.scope)) };
}

function getAssignment(ctx: Ctx): Reply {
  const { s, a } = findAssignment(ctx);
  if (!a) throw new ApiError(404, 'RoleAssignmentNotFound', 'The role assignment \'' + (ctx.params.name ?? '') + '\' is not found.');
  return json(200, assignmentView(s.subscription.subscriptionId, a));
}

/** Without principalType ARM looks the principal up in the directory, which lags behind creation. */
function principalTypeFor(ctx: Ctx, tenant: TenantState, principalId: string, given: string | undefined): string {
  if (given !== undefined && !PRINCIPAL_TYPES.includes(given)) {
    throw new ApiError(400, 'InvalidPrincipalType', `The principal type '${given}' is not valid.`);
  }
  const obj = tenant.users.get(principalId) ?? tenant.groups.get(principalId);
  const replicated = obj !== undefined && isReplicated(ctx.core, obj, ctx.state.clock.now());
  if (obj && replicated) {
    const actual = obj.kind === 'user' ? 'User' : 'Group';
    if (given && given !== actual) {
      throw new ApiError(400, 'UnmatchedPrincipalType', `The PrincipalId '${principalId}' has type '${actual}' , which is different from specified PrincipalType '${given}'.`);
    }
    return actual;
  }
  if (given) return given;
  throw new ApiError(400, 'PrincipalNotFound', `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${tenant.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
}

function putAssignment(ctx: Ctx): Reply {
  const { s, a: existing, list } = findAssignment(ctx);
  const tenant = callerTenant(ctx);
  const props = (jsonBody(ctx).properties ?? {}) as { roleDefinitionId?: string; principalId?: string; principalType?: string; description?: string };
  if (!props.roleDefinitionId || !props.principalId) {
    throw new ApiError(400, 'InvalidRoleAssignmentRequest', 'The request must contain properties.roleDefinitionId and properties.principalId.');
  }
  const role = findRoleDefinition(armModel(ctx.state, tenant), props.roleDefinitionId);
  if (!role) throw new ApiError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${props.roleDefinitionId.split('/').pop() ?? ''}' does not exist.`);
  const principalId = props.principalId.toLowerCase();
  const principalType = principalTypeFor(ctx, tenant, principalId, props.principalType);
  if (existing) {
    if (existing.principalId !== principalId || existing.roleDefinitionId !== role.id) {
      throw new ApiError(400, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.');
    }
    return json(200, assignmentView(s.subscription.subscriptionId, existing));
  }
  if (list.some((x) => sameScope(x.scope, s.scope) && x.principalId === principalId && x.roleDefinitionId === role.id)) {
    throw new ApiError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  }
  const name = (ctx.params.name ?? '').toLowerCase();
  if (!/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(name)) {
    throw new ApiError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  }
  const created: ArmAssignment = {
    name, scope: s.scope, roleDefinitionId: role.id, principalId, principalType, createdOn: ctx.state.clock.iso(),
    createdBy: ctx.token?.oid ?? null, description: props.description ?? null,
  };
  list.push(created);
  return json(201, assignmentView(s.subscription.subscriptionId, created));
}

function deleteAssignment(ctx: Ctx): Reply {
  const { s, a, list } = findAssignment(ctx);
  if (!a) return json(204);
  list.splice(list.indexOf(a), 1);
  return json(200, assignmentView(s.subscription.subscriptionId, a));
}

function listSubscriptions(ctx: Ctx): Reply {
  requireApiVersion(ctx);
  const tenant = callerTenant(ctx);
  // ARM lists the subscriptions the caller can read, not all of the tenant's.
  const oid = ctx.token?.oid ?? '';
  const visible = tenant.azure.subscriptions.filter((s) => canPerform(ctx, tenant, oid, 'Microsoft.Resources/subscriptions/read', `/subscriptions/${s.subscriptionId}`));
  return json(200, {
    value: visible.map((s) => ({
      id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, tenantId: tenant.tenantId,
      displayName: s.displayName, state: s.state ?? 'Enabled',
    })),
  });
}

function armRoutes(pageSize: number): Route[] {
  const routes: Route[] = [{ method: 'GET', pattern: '/subscriptions', handler: listSubscriptions }];
  for (const scope of SCOPES) {
    const defs = `/${scope}/${AUTH}/roleDefinitions`;
    const assigns = `/${scope}/${AUTH}/roleAssignments`;
    routes.push(
      { method: 'GET', pattern: defs, handler: listDefinitions },
      { method: 'GET', pattern: `${defs}/:id`, handler: getDefinition },
      { method: 'PUT', pattern: `${defs}/:id`, handler: putDefinition, write: true },
      { method: 'GET', pattern: assigns, handler: listAssignments(pageSize) },
      { method: 'GET', pattern: `${assigns}/:name`, handler: getAssignment },
      { method: 'PUT', pattern: `${assigns}/:name`, handler: putAssignment, write: true },
      { method: 'DELETE', pattern: `${assigns}/:name`, handler: deleteAssignment, write: true },
    );
  }
  return [...routes, ...partnerLinkRoutes];
}

export function armService(o: ArmServiceOptions = {}): ServiceModule {
  return {
    name: 'arm',
    audience: AUDIENCES.arm,
    faults: true,
    matches: (path) => /^\/subscriptions(\/|$)/i.test(path) || /^\/providers\/Microsoft\.(ManagementPartner|Authorization)\//i.test(path),
    errorReply: armErrorReply,
    authorize: authorizeArm,
    routes: armRoutes(o.pageSize ?? 100),
  };
}
