// Helpers of the group, membership, delta and role routes: group lookup, group and mixed directory-object views
// (with @odata.type, as Graph writes `members`, `owners` and delta pages), @odata.bind parsing and audit records
// that name both the object and the group or role it was added to.
import { ApiError, type Ctx } from '../router.js';
import type { AuditEntry, DirObject, GroupObject, TenantState, UserObject } from '../state.js';
import { recordAudit, type AuditTarget, type ModifiedProperty } from './audit.js';
import { notFound } from './common.js';
import { DIRECTORY_OBJECT_DERIVED_PROPS } from './csdl-derived.js';
import { DECLARED } from './csdl-names.js';
import { USER_DEFAULT_SELECT, USER_PROPS, userView } from './user-view.js';

export const GROUP_DEFAULTS = [
  'id', 'deletedDateTime', 'classification', 'createdDateTime', 'description', 'displayName', 'expirationDateTime',
  'groupTypes', 'isAssignableToRole', 'mail', 'mailEnabled', 'mailNickname', 'membershipRule',
  'membershipRuleProcessingState', 'onPremisesSyncEnabled', 'preferredDataLocation', 'preferredLanguage',
  'proxyAddresses', 'renewedDateTime', 'resourceBehaviorOptions', 'resourceProvisioningOptions', 'securityEnabled',
  'securityIdentifier', 'theme', 'visibility',
];

export const GROUP_PROPS = new Set(Object.keys(DECLARED.group?.props ?? {}));
/** What `$select` accepts on a mixed directoryObject collection: properties of any type derived from directoryObject. */
export const DIRECTORY_OBJECT_PROPS = new Set([...GROUP_PROPS, ...USER_PROPS, ...DIRECTORY_OBJECT_DERIVED_PROPS]);

export function findGroup(tenant: TenantState, id: string): GroupObject {
  const group = tenant.groups.get(id.toLowerCase());
  if (!group) throw notFound(id);
  return group;
}

export function findObject(tenant: TenantState, id: string): UserObject | GroupObject | undefined {
  const key = id.toLowerCase();
  return tenant.users.get(key) ?? tenant.groups.get(key);
}

export function isDynamic(group: GroupObject): boolean {
  return ((group.props.groupTypes as string[] | undefined) ?? []).includes('DynamicMembership');
}

/** Distribution lists and mail-enabled security groups: created in Exchange, which alone may change them. */
export function isExchangeGroup(group: GroupObject): boolean {
  return group.props.mailEnabled === true && !((group.props.groupTypes as string[] | undefined) ?? []).includes('Unified');
}

/** Graph's answers to writes on an Exchange group: membership and properties alike are Exchange's. */
export function refuseExchangeGroup(group: GroupObject, what: 'members' | 'properties'): void {
  if (!isExchangeGroup(group)) return;
  throw new ApiError(400, 'Request_BadRequest', what === 'members'
    ? 'Cannot Update a mail-enabled security groups and or distribution list.'
    : 'Unable to update the specified properties for objects that have originated within an external service.');
}

/** The SID Entra derives from an object id: S-1-12-1 followed by the GUID's bytes as four little-endian uint32. */
export function securityIdentifier(id: string): string {
  const b = Buffer.from(id.replace(/-/g, ''), 'hex');
  const guid = Buffer.concat([b.subarray(0, 4).reverse(), b.subarray(4, 6).reverse(), b.subarray(6, 8).reverse(), b.subarray(8)]);
  return `S-1-12-1-${[0, 4, 8, 12].map((o) => guid.readUInt32LE(o)).join('-')}`;
}

export function licenseView(licenses: { skuId: string; disabledPlans: string[] }[]): Record<string, unknown>[] {
  return licenses.map((l) => ({ disabledPlans: [...l.disabledPlans], skuId: l.skuId }));
}

/** Every served property of a group; views project it onto `$select` or the default set. */
export function groupProps(group: GroupObject): Record<string, unknown> {
  return { ...group.props, id: group.id, assignedLicenses: licenseView(group.licenses) };
}

/** One member of a mixed collection as Graph writes it; `$select` names not declared on the type are left out. */
export function directoryObjectView(tenant: TenantState, obj: DirObject, select: string[] | undefined): Record<string, unknown> {
  if (obj.kind === 'user') {
    const names = select ? select.filter((n) => USER_PROPS.has(n)) : USER_DEFAULT_SELECT;
    return { '@odata.type': '#microsoft.graph.user', ...userView(tenant, obj as UserObject, names) };
  }
  const all = groupProps(obj as GroupObject);
  const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.group', id: obj.id };
  for (const n of select ?? GROUP_DEFAULTS) if (GROUP_PROPS.has(n)) out[n] = all[n] ?? null;
  return out;
}

/** The object id at the end of an `@odata.id` / `@odata.bind` URL (`.../directoryObjects/{id}`, `.../users('{id}')`). */
export function idFromRef(url: unknown, property: string): string {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new ApiError(400, 'BadRequest', `Invalid value for property '${property}': a URL of a directory object is expected.`);
  }
  const m = url.match(/\/(?:directoryObjects|users|groups|servicePrincipals|contacts|devices)(?:\/|\(')([^/'()?]+)'?\)?\/?$/i);
  if (!m?.[1]) throw new ApiError(400, 'Request_BadRequest', `Invalid object identifier '${url}'.`);
  return m[1].toLowerCase();
}

export function groupTarget(group: GroupObject): AuditTarget {
  return { id: group.id, displayName: String(group.props.displayName), type: 'Group', groupType: groupTypeName(group) };
}

export function objectTarget(obj: DirObject): AuditTarget {
  return obj.kind === 'user'
    ? { id: obj.id, displayName: String(obj.props.displayName), type: 'User', userPrincipalName: String(obj.props.userPrincipalName) }
    : groupTarget(obj as GroupObject);
}

function groupTypeName(group: GroupObject): string {
  return (group.props.groupTypes as string[]).includes('Unified') ? 'unifiedGroups' : 'securityGroup';
}

/** Graph encodes modified values as JSON arrays in strings. */
export function changed(name: string, before: unknown, after: unknown): ModifiedProperty {
  const enc = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v === null ? [] : [v]));
  return { displayName: name, oldValue: enc(before), newValue: enc(after) };
}

/** An audit entry about `target`, optionally naming the group or role it was linked to as a second target. */
export function audit(
  ctx: Ctx, activity: string, category: string, operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign',
  target: AuditTarget, modified: ModifiedProperty[] = [], linked?: AuditTarget,
): AuditEntry {
  const entry = recordAudit(ctx, { activity, category, operationType, target, modified });
  if (linked) {
    entry.targetResources.push({
      id: linked.id, displayName: linked.displayName, type: linked.type, userPrincipalName: linked.userPrincipalName ?? null,
      groupType: linked.groupType ?? null, modifiedProperties: [],
    });
  }
  return entry;
}
