// Deleting and restoring groups. As in Entra, Microsoft 365 groups go to `/directory/deletedItems` for 30 days and
// can be restored; security groups are deleted permanently. Either way the group leaves the groups it was in and
// loses its directory role assignments; a restore brings the object, its members and owners back.
import { json, type Ctx, type Reply, type Route } from '../router.js';
import { touch, type GroupObject, type TenantState } from '../state.js';
import { GROUP_DEFAULTS, GROUP_PROPS, groupProps, groupTarget, notFound, odataContext, recordAudit, tenantOf } from './directory.js';
import { page, parseSelect, parseTop, project } from './odata.js';

export function deleteGroup(tenant: TenantState, group: GroupObject): void {
  tenant.groups.delete(group.id);
  for (const other of tenant.groups.values()) {
    if (!other.members.has(group.id)) continue;
    touch(tenant, other);
    other.members.delete(group.id);
    other.memberLog.push({ version: other.version, id: group.id, removed: true });
  }
  for (const [id, a] of tenant.roleAssignments) if (a.principalId === group.id) tenant.roleAssignments.delete(id);
  touch(tenant, group);
  const restorable = (group.props.groupTypes as string[]).includes('Unified');
  if (restorable) {
    group.props.deletedDateTime = new Date().toISOString();
    tenant.deletedGroups.set(group.id, group);
  }
  tenant.tombstones.push({ id: group.id, kind: 'group', version: group.version, reason: restorable ? 'changed' : 'deleted' });
}

/** Restores a soft-deleted group; undefined when `id` is not one (the caller may then look for a user). */
export function restoreGroup(tenant: TenantState, id: string): GroupObject | undefined {
  const group = tenant.deletedGroups.get(id.toLowerCase());
  if (!group) return undefined;
  tenant.deletedGroups.delete(group.id);
  group.props.deletedDateTime = null;
  touch(tenant, group);
  tenant.groups.set(group.id, group);
  return group;
}

function listDeletedGroups(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, GROUP_PROPS, 'group');
  const { slice, nextLink } = page(ctx, [...tenant.deletedGroups.values()], parseTop(ctx));
  const body: Record<string, unknown> = { '@odata.context': odataContext(ctx, 'directory/deletedItems/microsoft.graph.group') };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((g) => project(groupProps(g), select, GROUP_DEFAULTS));
  return json(200, body);
}

function restore(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const group = restoreGroup(tenant, ctx.params.id ?? '');
  if (!group) throw notFound(ctx.params.id ?? '');
  recordAudit(ctx, 'Restore Group', 'GroupManagement', 'Update', [groupTarget(group)]);
  return json(200, { '@odata.context': odataContext(ctx, 'directoryObjects/$entity'), '@odata.type': '#microsoft.graph.group', ...groupProps(group) });
}

/** Only needed where the Graph module has no deletedItems routes of its own (they should call `restoreGroup`). */
export const deletedGroupRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/directory/deletedItems/microsoft.graph.group', handler: listDeletedGroups },
  { method: 'POST', pattern: '/v1.0/directory/deletedItems/:id/restore', handler: restore, write: true },
];
