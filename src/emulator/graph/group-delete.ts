// Deleting a group. As in Entra, Microsoft 365 groups go to `/directory/deletedItems` for 30 days (restored by
// the deletedItems routes); security groups are deleted permanently. Either way the group leaves the groups it was
// in and loses its directory role assignments, and delta reports it removed ("changed" when restorable).
import { touch, type GroupObject, type TenantState } from '../state.js';

export function deleteGroup(tenant: TenantState, group: GroupObject, now: number): void {
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
    group.props.deletedDateTime = new Date(now).toISOString();
    tenant.deletedGroups.set(group.id, group);
  }
  tenant.tombstones.push({ id: group.id, kind: 'group', version: group.version, reason: restorable ? 'changed' : 'deleted' });
}
