// /directory/deletedItems: soft-deleted users (and groups) listed by type, read, restored, or deleted for good.
import { json, type Ctx, type Reply, type Route } from '../router.js';
import { addUser, touch, type GroupObject, type UserObject } from '../state.js';
import { recordAudit } from './audit.js';
import { badRequest, notFound, odataContext, tenantOf } from './common.js';
import { page, parseSelect, parseTop } from './odata.js';
import { DUPLICATE_UPN } from './users.js';
import { groupProps } from './directory-objects.js';
import { purgeUser, restoreUserLinks } from './user-delete.js';
import { USER_DEFAULT_SELECT, USER_PROPS, userView } from './user-view.js';

function deletedView(ctx: Ctx, obj: UserObject | GroupObject, select?: string[]): Record<string, unknown> {
  const tenant = tenantOf(ctx);
  if (obj.kind === 'user') {
    return { '@odata.type': '#microsoft.graph.user', ...userView(tenant, obj, select ?? [...USER_DEFAULT_SELECT, 'deletedDateTime']) };
  }
  return { '@odata.type': '#microsoft.graph.group', ...groupProps(obj) };
}

function listDeleted(kind: 'user' | 'group') {
  return (ctx: Ctx): Reply => {
    const tenant = tenantOf(ctx);
    const select = kind === 'user' ? parseSelect(ctx, USER_PROPS, 'user') : undefined;
    const items = [...(kind === 'user' ? tenant.deletedUsers.values() : tenant.deletedGroups.values())];
    const { slice, nextLink } = page<UserObject | GroupObject>(ctx, items, parseTop(ctx));
    return json(200, {
      '@odata.context': odataContext(ctx, `directory/deletedItems/microsoft.graph.${kind}`),
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
      value: slice.map((o) => deletedView(ctx, o, select)),
    });
  };
}

function findDeleted(ctx: Ctx): UserObject | GroupObject {
  const tenant = tenantOf(ctx);
  const id = (ctx.params.id ?? '').toLowerCase();
  const obj = tenant.deletedUsers.get(id) ?? tenant.deletedGroups.get(id);
  if (!obj) throw notFound(ctx.params.id ?? '');
  return obj;
}

function getDeleted(ctx: Ctx): Reply {
  return json(200, { '@odata.context': odataContext(ctx, 'directory/deletedItems/$entity'), ...deletedView(ctx, findDeleted(ctx)) });
}

function restore(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const obj = findDeleted(ctx);
  obj.props.deletedDateTime = null;
  if (obj.kind === 'user') {
    if (tenant.upnIndex.has(String(obj.props.userPrincipalName).toLowerCase())) throw badRequest(DUPLICATE_UPN);
    tenant.deletedUsers.delete(obj.id);
    addUser(tenant, obj);
    restoreUserLinks(tenant, obj);
  } else {
    tenant.deletedGroups.delete(obj.id);
    tenant.groups.set(obj.id, obj);
  }
  touch(tenant, obj);
  const isUser = obj.kind === 'user';
  recordAudit(ctx, {
    activity: isUser ? 'Restore user' : 'Restore group', category: isUser ? 'UserManagement' : 'GroupManagement', operationType: 'Update',
    target: { id: obj.id, displayName: String(obj.props.displayName), type: isUser ? 'User' : 'Group', userPrincipalName: isUser ? String(obj.props.userPrincipalName) : null },
  });
  return json(200, { '@odata.context': odataContext(ctx, 'directoryObjects/$entity'), ...deletedView(ctx, obj) });
}

function purge(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const obj = findDeleted(ctx);
  const isUser = obj.kind === 'user';
  if (obj.kind === 'user') purgeUser(tenant, obj);
  else {
    tenant.deletedGroups.delete(obj.id);
    tenant.version += 1;
    tenant.tombstones.push({ id: obj.id, kind: 'group', version: tenant.version, reason: 'deleted' });
  }
  recordAudit(ctx, {
    activity: isUser ? 'Hard Delete user' : 'Hard Delete group', category: isUser ? 'UserManagement' : 'GroupManagement', operationType: 'Delete',
    target: { id: obj.id, displayName: String(obj.props.displayName), type: isUser ? 'User' : 'Group', userPrincipalName: isUser ? String(obj.props.userPrincipalName) : null },
  });
  return json(204);
}

export const deletedItemRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/directory/deletedItems/microsoft.graph.user', handler: listDeleted('user') },
  { method: 'GET', pattern: '/v1.0/directory/deletedItems/microsoft.graph.group', handler: listDeleted('group') },
  { method: 'GET', pattern: '/v1.0/directory/deletedItems/:id', handler: getDeleted },
  { method: 'DELETE', pattern: '/v1.0/directory/deletedItems/:id', handler: purge, write: true },
  { method: 'POST', pattern: '/v1.0/directory/deletedItems/:id/restore', handler: restore, write: true },
];
