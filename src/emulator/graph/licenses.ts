// Licensing: /subscribedSkus with consumedUnits counted from direct and group-based assignments,
// /users/{id}/assignLicense with Graph's rules, and /users/{id}/licenseDetails.
import { json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { touch, type AssignedLicense, type TenantState, type UserObject } from '../state.js';
import type { SeedSku } from '../seed.js';
import { hasExchangePlan } from '../seeding.js';
import { markLicensed, markUnlicensedUser } from '../exchange/directory.js';
import { recordAudit } from './audit.js';
import { badRequest, findUser, isGuid, notFound, odataContext, tenantOf } from './common.js';
import { groupLicenses, userView } from './user-view.js';
import { planViolation, resolveGroupLicenses } from './license-rules.js';

/** Users consuming each SKU: direct holders and Active group assignments; a user counts once per SKU. */
export function consumedUnits(tenant: TenantState): Map<string, number> {
  const holders = new Map<string, Set<string>>();
  const add = (skuId: string, userId: string): void => {
    let set = holders.get(skuId);
    if (!set) holders.set(skuId, (set = new Set()));
    set.add(userId);
  };
  for (const u of tenant.users.values()) for (const l of u.licenses) add(l.skuId, u.id);
  for (const [userId, list] of resolveGroupLicenses(tenant)) for (const a of list) if (a.state === 'Active') add(a.skuId, userId);
  return new Map([...holders].map(([k, v]) => [k, v.size]));
}

function skuView(tenant: TenantState, sku: SeedSku, consumed: number): Record<string, unknown> {
  return {
    accountId: tenant.tenantId, accountName: tenant.displayName, appliesTo: sku.appliesTo ?? 'User',
    capabilityStatus: sku.capabilityStatus ?? 'Enabled', consumedUnits: consumed, id: `${tenant.tenantId}_${sku.skuId}`,
    prepaidUnits: { enabled: sku.seats, suspended: sku.suspended ?? 0, warning: sku.warning ?? 0, lockedOut: sku.lockedOut ?? 0 },
    servicePlans: sku.servicePlans.map((p) => ({
      servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, provisioningStatus: p.provisioningStatus ?? 'Success', appliesTo: p.appliesTo ?? 'User',
    })),
    skuId: sku.skuId, skuPartNumber: sku.skuPartNumber, subscriptionIds: [],
  };
}

function listSkus(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const consumed = consumedUnits(tenant);
  return json(200, {
    '@odata.context': odataContext(ctx, 'subscribedSkus'),
    value: tenant.skus.map((s) => skuView(tenant, s, consumed.get(s.skuId) ?? 0)),
  });
}

function getSku(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const sku = tenant.skus.find((s) => `${tenant.tenantId}_${s.skuId}` === (ctx.params.id ?? '').toLowerCase());
  if (!sku) throw notFound(ctx.params.id ?? '');
  return json(200, { '@odata.context': odataContext(ctx, 'subscribedSkus/$entity'), ...skuView(tenant, sku, consumedUnits(tenant).get(sku.skuId) ?? 0) });
}

function parseAdds(tenant: TenantState, raw: unknown): AssignedLicense[] {
  if (!Array.isArray(raw)) throw badRequest("Invalid value specified for property 'addLicenses' of resource 'assignLicense'.");
  return raw.map((item: unknown) => {
    const l = (item ?? {}) as Record<string, unknown>;
    const skuId = String(l.skuId ?? '').toLowerCase();
    const sku = tenant.skus.find((s) => s.skuId === skuId);
    if (!isGuid(skuId) || !sku) throw badRequest(`License ${String(l.skuId)} does not correspond to a valid company License.`);
    const disabled = Array.isArray(l.disabledPlans) ? l.disabledPlans.map((p) => String(p).toLowerCase()) : [];
    for (const p of disabled) {
      if (!sku.servicePlans.some((sp) => sp.servicePlanId === p)) {
        throw badRequest(`Service plan ${p} does not exist in license ${skuId}.`);
      }
    }
    return { skuId, disabledPlans: disabled };
  });
}

function assignLicense(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  const body = jsonBody(ctx);
  if (body.addLicenses === undefined || body.removeLicenses === undefined) {
    throw badRequest("Both 'addLicenses' and 'removeLicenses' are required; pass an empty collection for either.");
  }
  const adds = parseAdds(tenant, body.addLicenses);
  if (!Array.isArray(body.removeLicenses)) throw badRequest("Invalid value specified for property 'removeLicenses' of resource 'assignLicense'.");
  const removes = body.removeLicenses.map((r) => String(r).toLowerCase());
  if (adds.length > 0 && !user.props.usageLocation) throw badRequest('License assignment cannot be done for user with invalid usage location.');
  for (const r of removes) {
    if (!user.licenses.some((l) => l.skuId === r)) throw badRequest('User does not have a corresponding license.');
  }
  const consumed = consumedUnits(tenant);
  const holds = new Set([...user.licenses.map((l) => l.skuId), ...groupLicenses(tenant, user).map((l) => l.skuId)]);
  for (const a of adds) {
    const sku = tenant.skus.find((s) => s.skuId === a.skuId) as SeedSku;
    if (!holds.has(a.skuId) && (consumed.get(a.skuId) ?? 0) >= sku.seats) {
      throw badRequest(`Subscription with SKU ${a.skuId} does not have any available licenses.`);
    }
  }
  const after = [...user.licenses.filter((l) => !removes.includes(l.skuId) && !adds.some((a) => a.skuId === l.skuId)), ...adds];
  checkPlans(tenant, [...after, ...groupLicenses(tenant, user)]);
  const before = describe(tenant, user.licenses);
  user.licenses = after;
  if (hasExchangePlan(tenant, user.licenses)) markLicensed(tenant, user, ctx.state.clock.now());
  else if (removes.length > 0) markUnlicensedUser(tenant, user, ctx.state.clock.now());
  touch(tenant, user);
  recordAudit(ctx, {
    activity: 'Change user license', operationType: 'Assign',
    target: { id: user.id, displayName: String(user.props.displayName), type: 'User', userPrincipalName: String(user.props.userPrincipalName) },
    modified: [{ displayName: 'AssignedLicense', oldValue: JSON.stringify(before), newValue: JSON.stringify(describe(tenant, user.licenses)) }],
  });
  return json(200, { '@odata.context': odataContext(ctx, 'users/$entity'), ...userView(tenant, user, undefined) });
}

/**
 * The plan rules of the assignment the user would end with (direct and inherited). Microsoft publishes no text for
 * these assignLicense failures (user-assignlicense.md lists none); the message leads with the violation's name as
 * licenseAssignmentState spells it, under Graph's generic 400 code.
 */
function checkPlans(tenant: TenantState, licenses: AssignedLicense[]): void {
  const v = planViolation(tenant, licenses);
  if (!v) return;
  throw badRequest(v.error === 'MutuallyExclusiveViolation'
    ? `MutuallyExclusiveViolation: service plan ${v.plan} cannot be assigned together with ${v.other.join(', ')}.`
    : `DependencyViolation: service plan ${v.plan} requires one of ${v.other.join(', ')} to be enabled.`);
}

function describe(tenant: TenantState, licenses: AssignedLicense[]): string[] {
  return licenses.map((l) => {
    const sku = tenant.skus.find((s) => s.skuId === l.skuId);
    return `[SkuName=${sku?.skuPartNumber ?? l.skuId}, DisabledPlans=[${l.disabledPlans.join(',')}]]`;
  });
}

function licenseDetails(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user: UserObject = findUser(ctx, ctx.params.id ?? '', true);
  const all = new Map<string, string[]>();
  for (const l of [...user.licenses, ...groupLicenses(tenant, user)]) if (!all.has(l.skuId)) all.set(l.skuId, l.disabledPlans);
  const value = [...all].map(([skuId, disabled]) => {
    const sku = tenant.skus.find((s) => s.skuId === skuId) as SeedSku;
    return {
      id: Buffer.from(`${user.id}|${skuId}`).toString('base64url'), skuId, skuPartNumber: sku.skuPartNumber,
      servicePlans: sku.servicePlans.map((p) => ({
        servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, appliesTo: p.appliesTo ?? 'User',
        provisioningStatus: disabled.includes(p.servicePlanId) ? 'Disabled' : 'Success',
      })),
    };
  });
  return json(200, { '@odata.context': odataContext(ctx, `users('${user.id}')/licenseDetails`), value });
}

export const licenseRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/subscribedSkus', handler: listSkus },
  { method: 'GET', pattern: '/v1.0/subscribedSkus/:id', handler: getSku },
  { method: 'POST', pattern: '/v1.0/users/:id/assignLicense', handler: assignLicense, write: true },
  { method: 'GET', pattern: '/v1.0/users/:id/licenseDetails', handler: licenseDetails },
];
