// Deleting and restoring a user. As in Entra, a deleted user goes to `/directory/deletedItems` for 30 days and leaves
// every group it was a member or owner of (group delta reports the member removed); restoring it puts those links
// back, in the groups that still exist. User delta reports the user removed with reason "changed" while it can be
// restored and "deleted" once it is deleted for good, as Graph documents for `@removed`.
import { touch, type GroupObject, type TenantState, type UserObject } from '../state.js';

function unlink(tenant: TenantState, group: GroupObject, id: string): void {
  touch(tenant, group);
  if (group.members.delete(id)) group.memberLog.push({ version: group.version, id, removed: true });
  group.owners.delete(id);
}

export function softDeleteUser(tenant: TenantState, user: UserObject, now: number): void {
  const members: string[] = [];
  const owners: string[] = [];
  for (const g of tenant.groups.values()) {
    const isMember = g.members.has(user.id);
    const isOwner = g.owners.has(user.id);
    if (!isMember && !isOwner) continue;
    if (isMember) members.push(g.id);
    if (isOwner) owners.push(g.id);
    unlink(tenant, g, user.id);
  }
  user.deletedLinks = { members, owners };
  user.props.deletedDateTime = new Date(now).toISOString();
  tenant.deletedUsers.set(user.id, user);
  tenant.version += 1;
  tenant.tombstones.push({ id: user.id, kind: 'user', version: tenant.version, reason: 'changed' });
}

export function restoreUserLinks(tenant: TenantState, user: UserObject): void {
  const links = user.deletedLinks ?? { members: [], owners: [] };
  for (const id of links.members) {
    const g = tenant.groups.get(id);
    if (!g || g.members.has(user.id)) continue;
    touch(tenant, g);
    g.members.add(user.id);
    g.memberLog.push({ version: g.version, id: user.id, removed: false });
  }
  for (const id of links.owners) tenant.groups.get(id)?.owners.add(user.id);
  delete user.deletedLinks;
}

export function purgeUser(tenant: TenantState, user: UserObject): void {
  tenant.deletedUsers.delete(user.id);
  tenant.version += 1;
  tenant.tombstones.push({ id: user.id, kind: 'user', version: tenant.version, reason: 'deleted' });
}
