// Members and owners of groups: listing (direct and transitive), `$ref` add and remove, `@odata.bind` bindings on
// create and update (validated as a whole before anything changes), and group-based licensing (`assignLicense`).
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { touch, type GroupObject, type TenantState, type UserObject } from '../state.js';
import { page, parseSelect, parseTop } from './odata.js';
import { consistencyEventual, COUNT_NEEDS_HEADER } from './advanced-query.js';
import {
  DIRECTORY_OBJECT_PROPS, audit, changed, directoryObjectView, findGroup, findObject, groupProps, groupTarget, idFromRef,
  isDynamic, licenseView, objectTarget, refuseExchangeGroup,
} from './directory-objects.js';
import { notFound, odataContext, tenantOf } from './common.js';
import { syncDynamicGroups } from './dynamic.js';

type Relation = 'members' | 'owners';
type DirEntry = UserObject | GroupObject;

const denied = (): ApiError => new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
const exists = (rel: Relation): ApiError =>
  new ApiError(400, 'Request_BadRequest', `One or more added object references already exist for the following modified properties: '${rel}'.`);

/** The objects named by `members@odata.bind` / `owners@odata.bind`; every one must exist. */
export function bindingsOf(tenant: TenantState, body: Record<string, unknown>, key: string): DirEntry[] {
  const raw = body[key];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ApiError(400, 'BadRequest', `The value of '${key}' must be an array of URLs.`);
  return raw.map((url) => {
    const id = idFromRef(url, key);
    const obj = findObject(tenant, id);
    if (!obj) throw notFound(id);
    return obj;
  });
}

function checkAdd(tenant: TenantState, group: GroupObject, objs: DirEntry[], rel: Relation): void {
  if (rel === 'members' && isDynamic(group) && objs.length > 0) throw denied();
  const set = rel === 'members' ? group.members : group.owners;
  const seen = new Set<string>();
  for (const o of objs) {
    if (set.has(o.id) || seen.has(o.id)) throw exists(rel);
    seen.add(o.id);
    if (o.kind === 'group') {
      if (rel === 'owners' || o.id === group.id) throw new ApiError(400, 'Request_BadRequest', `Invalid object identifier '${o.id}'.`);
      if ((group.props.groupTypes as string[]).includes('Unified')) {
        throw new ApiError(400, 'Request_BadRequest', 'Nested groups are not supported for Microsoft 365 groups.');
      }
      if (reaches(tenant, o, group.id)) throw new ApiError(400, 'Request_BadRequest', 'Circular group membership is not allowed.');
    }
  }
}

function reaches(tenant: TenantState, from: GroupObject, target: string, seen = new Set<string>()): boolean {
  for (const m of from.members) {
    if (m === target) return true;
    const g = tenant.groups.get(m);
    if (g && !seen.has(m)) {
      seen.add(m);
      if (reaches(tenant, g, target, seen)) return true;
    }
  }
  return false;
}

/** Validates then adds; every added object is one audit entry, as Entra logs them. */
export function applyBindings(ctx: Ctx, tenant: TenantState, group: GroupObject, objs: DirEntry[], rel: Relation): void {
  checkAdd(tenant, group, objs, rel);
  if (objs.length === 0) return;
  touch(tenant, group);
  for (const o of objs) {
    if (rel === 'members') {
      group.members.add(o.id);
      group.memberLog.push({ version: group.version, id: o.id, removed: false });
    } else group.owners.add(o.id);
    const activity = rel === 'members' ? 'Add member to group' : 'Add owner to group';
    audit(ctx, activity, 'GroupManagement', 'Assign', objectTarget(o), [], groupTarget(group));
  }
}

/** The objects of a relation, optionally cast to one type (`…/members/microsoft.graph.user`). */
function relationObjects(ctx: Ctx, rel: Relation | 'transitiveMembers', kind?: DirEntry['kind']): DirEntry[] {
  const tenant = tenantOf(ctx);
  syncDynamicGroups(tenant);
  const group = findGroup(tenant, ctx.params.id ?? '');
  const ids = rel === 'owners' ? [...group.owners] : rel === 'members' ? [...group.members] : transitive(tenant, group);
  return ids.flatMap((id) => {
    const o = findObject(tenant, id);
    return o && (kind === undefined || o.kind === kind) ? [o] : [];
  });
}

function listRelation(ctx: Ctx, rel: Relation | 'transitiveMembers', kind?: DirEntry['kind']): Reply {
  const select = parseSelect(ctx, DIRECTORY_OBJECT_PROPS, 'directoryObject');
  const top = parseTop(ctx);
  const { slice, nextLink } = page(ctx, relationObjects(ctx, rel, kind), top);
  const body: Record<string, unknown> = { '@odata.context': odataContext(ctx, kind ? `${kind}s` : 'directoryObjects') };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((o) => directoryObjectView(tenantOf(ctx), o, select));
  return json(200, body);
}

/** The `$count` segment: a bare integer as text/plain, served only to advanced queries (ConsistencyLevel: eventual). */
function countRelation(kind?: DirEntry['kind']) {
  return (ctx: Ctx): Reply => {
    if (!consistencyEventual(ctx)) throw new ApiError(400, 'Request_BadRequest', COUNT_NEEDS_HEADER);
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(relationObjects(ctx, 'members', kind).length) };
  };
}

function transitive(tenant: TenantState, group: GroupObject): string[] {
  const out = new Set<string>();
  const visit = (g: GroupObject): void => {
    for (const m of g.members) {
      if (out.has(m)) continue;
      out.add(m);
      const nested = tenant.groups.get(m);
      if (nested) visit(nested);
    }
  };
  visit(group);
  return [...out];
}

function addRef(rel: Relation) {
  return (ctx: Ctx): Reply => {
    const tenant = tenantOf(ctx);
    const group = findGroup(tenant, ctx.params.id ?? '');
    refuseExchangeGroup(group, 'members');
    const body = jsonBody(ctx);
    if (body['@odata.id'] === undefined) {
      throw new ApiError(400, 'BadRequest', "Write request is missing the required '@odata.id' annotation.");
    }
    const id = idFromRef(body['@odata.id'], '@odata.id');
    const obj = findObject(tenant, id);
    if (!obj) throw notFound(id);
    applyBindings(ctx, tenant, group, [obj], rel);
    return json(204);
  };
}

function removeRef(rel: Relation) {
  return (ctx: Ctx): Reply => {
    const tenant = tenantOf(ctx);
    const group = findGroup(tenant, ctx.params.id ?? '');
    refuseExchangeGroup(group, 'members');
    const id = (ctx.params.mid ?? '').toLowerCase();
    if (rel === 'members' && isDynamic(group)) throw denied();
    const set = rel === 'members' ? group.members : group.owners;
    if (!set.has(id)) throw notFound(ctx.params.mid ?? '');
    touch(tenant, group);
    set.delete(id);
    if (rel === 'members') group.memberLog.push({ version: group.version, id, removed: true });
    const obj = findObject(tenant, id);
    const target = obj ? objectTarget(obj) : { id, displayName: null, type: 'User' as const };
    const activity = rel === 'members' ? 'Remove member from group' : 'Remove owner from group';
    audit(ctx, activity, 'GroupManagement', 'Unassign', target, [], groupTarget(group));
    return json(204);
  };
}

function assignLicense(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const group = findGroup(tenant, ctx.params.id ?? '');
  refuseExchangeGroup(group, 'properties');
  const body = jsonBody(ctx);
  const add = body.addLicenses;
  const remove = body.removeLicenses;
  if (!Array.isArray(add)) throw new ApiError(400, 'Request_BadRequest', "Invalid value specified for property 'addLicenses' of resource 'Group'.");
  if (!Array.isArray(remove)) throw new ApiError(400, 'Request_BadRequest', "Invalid value specified for property 'removeLicenses' of resource 'Group'.");
  const adds = add.map((l) => checkLicense(tenant, l));
  for (const skuId of remove) {
    if (typeof skuId !== 'string' || !group.licenses.some((l) => l.skuId === skuId.toLowerCase())) {
      throw new ApiError(400, 'Request_BadRequest', `License ${String(skuId)} is not assigned to the group and cannot be removed.`);
    }
  }
  const before = licenseView(group.licenses);
  group.licenses = group.licenses.filter((l) => !remove.includes(l.skuId) && !adds.some((a) => a.skuId === l.skuId));
  group.licenses.push(...adds);
  touch(tenant, group);
  audit(ctx, 'Set group license', 'GroupManagement', 'Update', groupTarget(group), [changed('AssignedLicense', before, licenseView(group.licenses))]);
  return json(202, { '@odata.context': odataContext(ctx, 'groups/$entity'), ...groupProps(group) });
}

function checkLicense(tenant: TenantState, raw: unknown): { skuId: string; disabledPlans: string[] } {
  const l = raw as { skuId?: unknown; disabledPlans?: unknown };
  const skuId = typeof l?.skuId === 'string' ? l.skuId.toLowerCase() : '';
  const sku = tenant.skus.find((s) => s.skuId.toLowerCase() === skuId);
  if (!sku) throw new ApiError(400, 'Request_BadRequest', `License ${String(l?.skuId)} does not correspond to a valid company License.`);
  const disabled = l.disabledPlans ?? [];
  if (!Array.isArray(disabled)) throw new ApiError(400, 'Request_BadRequest', "Invalid value specified for property 'disabledPlans' of resource 'AssignedLicense'.");
  for (const p of disabled) {
    if (!sku.servicePlans.some((sp) => sp.servicePlanId.toLowerCase() === String(p).toLowerCase())) {
      throw new ApiError(400, 'Request_BadRequest', `Service plan ${String(p)} is not part of license ${sku.skuId}.`);
    }
  }
  return { skuId: sku.skuId, disabledPlans: disabled.map((p) => String(p).toLowerCase()) };
}

export const groupMemberRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/groups/:id/members', handler: (ctx) => listRelation(ctx, 'members') },
  // Casts and `$count` on members: api-reference/v1.0/api/group-list-members.md, examples 2 and 3.
  { method: 'GET', pattern: '/v1.0/groups/:id/members/microsoft.graph.user', handler: (ctx) => listRelation(ctx, 'members', 'user') },
  { method: 'GET', pattern: '/v1.0/groups/:id/members/microsoft.graph.group', handler: (ctx) => listRelation(ctx, 'members', 'group') },
  { method: 'GET', pattern: '/v1.0/groups/:id/members/$count', handler: countRelation() },
  { method: 'GET', pattern: '/v1.0/groups/:id/members/microsoft.graph.user/$count', handler: countRelation('user') },
  { method: 'GET', pattern: '/v1.0/groups/:id/members/microsoft.graph.group/$count', handler: countRelation('group') },
  { method: 'GET', pattern: '/v1.0/groups/:id/owners', handler: (ctx) => listRelation(ctx, 'owners') },
  { method: 'GET', pattern: '/v1.0/groups/:id/transitiveMembers', handler: (ctx) => listRelation(ctx, 'transitiveMembers') },
  { method: 'POST', pattern: '/v1.0/groups/:id/members/$ref', handler: addRef('members'), write: true },
  { method: 'POST', pattern: '/v1.0/groups/:id/owners/$ref', handler: addRef('owners'), write: true },
  { method: 'DELETE', pattern: '/v1.0/groups/:id/members/:mid/$ref', handler: removeRef('members'), write: true },
  { method: 'DELETE', pattern: '/v1.0/groups/:id/owners/:mid/$ref', handler: removeRef('owners'), write: true },
  { method: 'POST', pattern: '/v1.0/groups/:id/assignLicense', handler: assignLicense, write: true },
];
