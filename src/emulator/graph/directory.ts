// Shared helpers of the group, membership, delta and role routes: tenant lookup, directory-object views as Graph
// serialises them (with @odata.type in mixed collections), @odata.bind parsing and the audit record of writes.
import { randomUUID } from 'node:crypto';
import { ApiError, type Ctx } from '../router.js';
import type { AuditEntry, DirObject, GroupObject, TenantState, UserObject } from '../state.js';
import { DECLARED } from './csdl-names.js';

export const USER_DEFAULTS = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage',
  'surname', 'userPrincipalName', 'id',
];

export const GROUP_DEFAULTS = [
  'id', 'deletedDateTime', 'classification', 'createdDateTime', 'description', 'displayName', 'expirationDateTime',
  'groupTypes', 'isAssignableToRole', 'mail', 'mailEnabled', 'mailNickname', 'membershipRule',
  'membershipRuleProcessingState', 'onPremisesSyncEnabled', 'preferredDataLocation', 'preferredLanguage',
  'proxyAddresses', 'renewedDateTime', 'resourceBehaviorOptions', 'resourceProvisioningOptions', 'securityEnabled',
  'securityIdentifier', 'theme', 'visibility',
];

export const GROUP_PROPS = new Set(Object.keys(DECLARED.group?.props ?? {}));
export const USER_PROPS = new Set(Object.keys(DECLARED.user?.props ?? {}));
export const DIRECTORY_OBJECT_PROPS = new Set([...GROUP_PROPS, ...USER_PROPS]);

export function tenantOf(ctx: Ctx): TenantState {
  if (!ctx.tenant) throw new ApiError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.');
  return ctx.tenant;
}

export function notFound(id: string): ApiError {
  return new ApiError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

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

/** Licenses as Graph serialises `assignedLicenses`. */
export function licenseView(licenses: { skuId: string; disabledPlans: string[] }[]): Record<string, unknown>[] {
  return licenses.map((l) => ({ disabledPlans: [...l.disabledPlans], skuId: l.skuId }));
}

export function groupProps(group: GroupObject): Record<string, unknown> {
  return { ...group.props, id: group.id, assignedLicenses: licenseView(group.licenses) };
}

export function userProps(tenant: TenantState, user: UserObject): Record<string, unknown> {
  return { ...user.props, id: user.id, assignedLicenses: licenseView(effectiveLicenses(tenant, user)) };
}

/** Direct licenses plus those inherited from groups the user is a direct member of (group licensing is not nested). */
export function effectiveLicenses(tenant: TenantState, user: UserObject): { skuId: string; disabledPlans: string[] }[] {
  const out = user.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] }));
  for (const g of tenant.groups.values()) {
    if (g.licenses.length === 0 || !g.members.has(user.id)) continue;
    for (const l of g.licenses) {
      const have = out.find((x) => x.skuId === l.skuId);
      // Licenses of one SKU from several sources merge: a plan is disabled only if every source disables it.
      if (have) have.disabledPlans = have.disabledPlans.filter((p) => l.disabledPlans.includes(p));
      else out.push({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] });
    }
  }
  return out;
}

/** Users holding a SKU directly or through a group, each counted once: what consumedUnits reports. */
export function consumedUnits(tenant: TenantState, skuId: string): number {
  const holders = new Set<string>();
  for (const u of tenant.users.values()) if (u.licenses.some((l) => l.skuId === skuId)) holders.add(u.id);
  for (const g of tenant.groups.values()) {
    if (!g.licenses.some((l) => l.skuId === skuId)) continue;
    for (const m of g.members) if (tenant.users.has(m)) holders.add(m);
  }
  return holders.size;
}

/** One member of a mixed collection (`members`, `owners`, delta) as Graph writes it. */
export function directoryObjectView(tenant: TenantState, obj: DirObject, select: string[] | undefined): Record<string, unknown> {
  const isUser = obj.kind === 'user';
  const all = isUser ? userProps(tenant, obj as UserObject) : groupProps(obj as GroupObject);
  const names = select ?? (isUser ? USER_DEFAULTS : GROUP_DEFAULTS);
  const out: Record<string, unknown> = { '@odata.type': isUser ? '#microsoft.graph.user' : '#microsoft.graph.group', id: obj.id };
  const declared = isUser ? USER_PROPS : GROUP_PROPS;
  for (const n of names) if (declared.has(n)) out[n] = all[n] ?? null;
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

export interface AuditTarget { id: string; displayName?: unknown; type: string; userPrincipalName?: unknown }
export interface ModifiedProperty { displayName: string; oldValue: unknown; newValue: unknown }

/** Records one successful write in the tenant's directory audit log, as `/auditLogs/directoryAudits` serves it. */
export function recordAudit(
  ctx: Ctx, activity: string, category: string, operationType: string, targets: AuditTarget[], modified: ModifiedProperty[] = [],
): AuditEntry {
  const tenant = tenantOf(ctx);
  const appId = ctx.token?.appid ?? '';
  const entry: AuditEntry = {
    id: `Directory_${randomUUID()}`, category, correlationId: ctx.clientRequestId, result: 'success', resultReason: '',
    activityDisplayName: activity, activityDateTime: new Date().toISOString(), loggedByService: 'Core Directory',
    operationType,
    initiatedBy: {
      user: null,
      app: { appId, displayName: ctx.token?.app_displayname ?? null, servicePrincipalId: ctx.token?.oid ?? appId, servicePrincipalName: null },
    },
    targetResources: targets.map((t, i) => ({
      id: t.id, displayName: t.displayName ?? null, type: t.type, userPrincipalName: t.userPrincipalName ?? null,
      groupType: null,
      modifiedProperties: i === 0 ? modified.map((m) => ({
        displayName: m.displayName, oldValue: JSON.stringify(m.oldValue ?? null), newValue: JSON.stringify(m.newValue ?? null),
      })) : [],
    })),
    additionalDetails: [{ key: 'User-Agent', value: ctx.headers['user-agent'] ?? '' }],
  };
  tenant.audit.push(entry);
  return entry;
}

export function groupTarget(group: GroupObject): AuditTarget {
  return { id: group.id, displayName: group.props.displayName, type: 'Group' };
}

export function objectTarget(obj: DirObject): AuditTarget {
  return obj.kind === 'user'
    ? { id: obj.id, displayName: obj.props.displayName, type: 'User', userPrincipalName: obj.props.userPrincipalName }
    : { id: obj.id, displayName: obj.props.displayName, type: 'Group' };
}

export function odataContext(ctx: Ctx, fragment: string): string {
  return `${ctx.origin}/v1.0/$metadata#${fragment}`;
}
