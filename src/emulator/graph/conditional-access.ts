// Conditional Access policies and named locations, and the security defaults switch, as Microsoft's Graph v1.0
// reference documents them (microsoft-graph-docs-contrib, api-reference/v1.0/api/):
// - conditionalaccessroot-list-policies.md, conditionalaccessroot-post-policies.md (201 with the policy; a policy
//   needs an application rule, a user rule or a grant/session control), conditionalaccesspolicy-get.md, -update.md
//   (204), -delete.md (204);
// - conditionalaccessroot-list-namedlocations.md, conditionalaccessroot-post-namedlocations.md (the derived type's
//   `@odata.type` is required, and each ipRange's), namedlocation-get.md, -update.md (204, `@odata.type` required),
//   -delete.md (204);
// - identitysecuritydefaultsenforcementpolicy-get.md and -update.md (204).
// Security defaults and an enabled Conditional Access policy exclude each other: the admin center refuses to enable
// either while the other is on ("You must first disable Security defaults before enabling a Conditional Access
// policy"). Graph's reference documents no answer for the pair, so the emulator refuses it as the portal does, with
// a 400 carrying the portal's sentence, for a policy created or updated to `enabled` and for security defaults
// switched on while a policy is `enabled`. Report-only and disabled policies are allowed beside security defaults.
// Every write is audited as the Entra audit log records Conditional Access changes (service "Conditional Access",
// category "Policy", activities "Add/Update/Delete conditional access policy" and "… named location"; see
// learn.microsoft.com/entra/identity/conditional-access/troubleshoot-policy-changes-audit-log).
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { recordAudit } from './audit.js';
import { odataContext, tenantOf } from './common.js';
import { checkObject, complete, mergePatch } from './policy-body.js';

type Obj = Record<string, unknown>;
export interface ConditionalAccessState { policies: Obj[]; locations: Obj[]; securityDefaults: boolean }

export function caOf(tenant: TenantState): ConditionalAccessState {
  const existing = tenant.ext.conditionalAccess as ConditionalAccessState | undefined;
  if (existing) return existing;
  const created: ConditionalAccessState = { policies: [], locations: [], securityDefaults: false };
  tenant.ext.conditionalAccess = created;
  return created;
}

export function seedSecurityDefaults(tenant: TenantState, enabled: boolean | undefined): void {
  if (enabled !== undefined) caOf(tenant).securityDefaults = enabled;
}

export const SECURITY_DEFAULTS_CONFLICT = 'It looks like you\'re about to manage your organization\'s security configurations. That\'s great! You must first disable Security defaults before enabling a Conditional Access policy.';
const READ_ONLY = ['id', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime'];
const POLICY = 'conditionalAccessPolicy';
const LOCATION_TYPES = ['ipNamedLocation', 'countryNamedLocation'];
// The built-in authentication strengths (authenticationstrengthpolicy resource; their ids are the same in every tenant).
const STRENGTHS: Record<string, string> = {
  '00000000-0000-0000-0000-000000000002': 'Multifactor authentication',
  '00000000-0000-0000-0000-000000000003': 'Passwordless MFA',
  '00000000-0000-0000-0000-000000000004': 'Phishing-resistant MFA',
};

const notFound = (id: string): ApiError => new ApiError(404, 'ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

function audit(ctx: Ctx, what: 'conditional access policy' | 'named location', op: 'Add' | 'Update' | 'Delete', before: Obj | null, after: Obj | null): void {
  const target = (after ?? before) as Obj;
  const prop = what === 'named location' ? 'NamedLocation' : 'ConditionalAccessPolicy';
  recordAudit(ctx, {
    activity: `${op} ${what}`, category: 'Policy', service: 'Conditional Access', operationType: op,
    target: { id: String(target.id), displayName: String(target.displayName ?? ''), type: 'Policy' },
    modified: [{ displayName: prop, oldValue: before && JSON.stringify(before), newValue: after && JSON.stringify(after) }],
  });
}

function strength(grant: unknown): unknown {
  const ref = (grant as Obj | null)?.authenticationStrength as Obj | null | undefined;
  if (!ref) return null;
  const name = STRENGTHS[String(ref.id)];
  if (!name) throw new ApiError(400, 'BadRequest', `Authentication strength '${String(ref.id)}' does not exist.`);
  return { id: ref.id, displayName: name, policyType: 'builtIn' };
}

function view(ctx: Ctx, p: Obj): Obj {
  const served = complete(p, POLICY) as Obj;
  const grant = served.grantControls as Obj | null;
  if (grant) grant.authenticationStrength = strength(p.grantControls);
  return { '@odata.context': odataContext(ctx, 'identity/conditionalAccess/policies/$entity'), ...served };
}

function refuseWithDefaults(ctx: Ctx, policy: Obj): void {
  if (policy.state === 'enabled' && caOf(tenantOf(ctx)).securityDefaults) throw new ApiError(400, 'BadRequest', SECURITY_DEFAULTS_CONFLICT);
}

function validPolicy(body: Obj): void {
  const conditions = (body.conditions ?? {}) as Obj;
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '') throw new ApiError(400, 'BadRequest', 'displayName is required.');
  if (!conditions.applications && !conditions.users && !body.grantControls && !body.sessionControls) {
    throw new ApiError(400, 'BadRequest', 'A policy must contain an application rule, a user rule or a grant or session control.');
  }
  strength(body.grantControls);
}

function findPolicy(ctx: Ctx): Obj {
  const found = caOf(tenantOf(ctx)).policies.find((p) => p.id === ctx.params.id);
  if (!found) throw notFound(ctx.params.id ?? '');
  return found;
}

const listPolicies = (ctx: Ctx): Reply => json(200, {
  '@odata.context': odataContext(ctx, 'identity/conditionalAccess/policies'),
  value: caOf(tenantOf(ctx)).policies.map((p) => { const { '@odata.context': _c, ...v } = view(ctx, p); return v; }),
});

function createPolicy(ctx: Ctx): Reply {
  const body = jsonBody(ctx);
  checkObject(body, POLICY, READ_ONLY);
  validPolicy(body);
  refuseWithDefaults(ctx, body);
  const stored: Obj = { ...body, id: randomUUID(), createdDateTime: ctx.state.clock.iso(), modifiedDateTime: null };
  caOf(tenantOf(ctx)).policies.push(stored);
  audit(ctx, 'conditional access policy', 'Add', null, stored);
  ctx.core.changed();
  return json(201, view(ctx, stored));
}

function updatePolicy(ctx: Ctx): Reply {
  const current = findPolicy(ctx);
  const body = jsonBody(ctx);
  checkObject(body, POLICY, READ_ONLY);
  const next = { ...mergePatch(current, body), modifiedDateTime: ctx.state.clock.iso() };
  validPolicy(next);
  refuseWithDefaults(ctx, next);
  const model = caOf(tenantOf(ctx));
  model.policies[model.policies.indexOf(current)] = next;
  audit(ctx, 'conditional access policy', 'Update', current, next);
  ctx.core.changed();
  return { status: 204 };
}

function deletePolicy(ctx: Ctx): Reply {
  const current = findPolicy(ctx);
  const model = caOf(tenantOf(ctx));
  model.policies.splice(model.policies.indexOf(current), 1);
  audit(ctx, 'conditional access policy', 'Delete', current, null);
  ctx.core.changed();
  return { status: 204 };
}

function locationType(body: Obj, required: boolean, current?: string): string {
  const named = typeof body['@odata.type'] === 'string' ? body['@odata.type'].replace(/^#?microsoft\.graph\./, '') : undefined;
  if (named === undefined && !required && current) return current;
  if (!named || !LOCATION_TYPES.includes(named) || (current && named !== current)) {
    throw new ApiError(400, 'BadRequest', "The '@odata.type' of a named location must be '#microsoft.graph.ipNamedLocation' or '#microsoft.graph.countryNamedLocation'.");
  }
  return named;
}

function validLocation(type: string, body: Obj): void {
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '') throw new ApiError(400, 'BadRequest', 'displayName is required.');
  if (type === 'countryNamedLocation') {
    if (!Array.isArray(body.countriesAndRegions)) throw new ApiError(400, 'BadRequest', 'countriesAndRegions is required.');
    return;
  }
  const ranges = body.ipRanges;
  if (!Array.isArray(ranges) || ranges.length === 0) throw new ApiError(400, 'BadRequest', 'ipRanges is required.');
  for (const r of ranges as Obj[]) {
    const t = String(r['@odata.type'] ?? '');
    const v4 = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(String(r.cidrAddress));
    const v6 = /^[0-9a-f:]+\/\d{1,3}$/i.test(String(r.cidrAddress)) && String(r.cidrAddress).includes(':');
    if (!((t.endsWith('iPv4CidrRange') && v4) || (t.endsWith('iPv6CidrRange') && v6))) {
      throw new ApiError(400, 'BadRequest', `Invalid IP range '${String(r.cidrAddress)}': each ipRange needs its '@odata.type' and a CIDR address of that family.`);
    }
  }
}

const locationView = (l: Obj): Obj => ({ '@odata.type': l['@odata.type'], ...(complete(l, String(l['@odata.type']).replace('#microsoft.graph.', '')) as Obj) });

function findLocation(ctx: Ctx): Obj {
  const found = caOf(tenantOf(ctx)).locations.find((l) => l.id === ctx.params.id);
  if (!found) throw notFound(ctx.params.id ?? '');
  return found;
}

function createLocation(ctx: Ctx): Reply {
  const body = jsonBody(ctx);
  const type = locationType(body, true);
  checkObject(body, type, READ_ONLY);
  validLocation(type, body);
  const now = ctx.state.clock.iso();
  const stored: Obj = { ...body, '@odata.type': `#microsoft.graph.${type}`, id: randomUUID(), createdDateTime: now, modifiedDateTime: now };
  caOf(tenantOf(ctx)).locations.push(stored);
  audit(ctx, 'named location', 'Add', null, stored);
  ctx.core.changed();
  return json(201, { '@odata.context': odataContext(ctx, 'identity/conditionalAccess/namedLocations/$entity'), ...locationView(stored) });
}

function updateLocation(ctx: Ctx): Reply {
  const current = findLocation(ctx);
  const body = jsonBody(ctx);
  const type = locationType(body, true, String(current['@odata.type']).replace('#microsoft.graph.', ''));
  checkObject(body, type, READ_ONLY);
  const next = { ...current, ...body, '@odata.type': current['@odata.type'], modifiedDateTime: ctx.state.clock.iso() };
  validLocation(type, next);
  const model = caOf(tenantOf(ctx));
  model.locations[model.locations.indexOf(current)] = next;
  audit(ctx, 'named location', 'Update', current, next);
  ctx.core.changed();
  return { status: 204 };
}

function deleteLocation(ctx: Ctx): Reply {
  const current = findLocation(ctx);
  const model = caOf(tenantOf(ctx));
  model.locations.splice(model.locations.indexOf(current), 1);
  audit(ctx, 'named location', 'Delete', current, null);
  ctx.core.changed();
  return { status: 204 };
}

const SECURITY_DEFAULTS_ID = '00000000-0000-0000-0000-000000000005';
// The documented example's texts (identitysecuritydefaultsenforcementpolicy-get.md).
const securityDefaultsView = (enabled: boolean): Obj => ({
  id: SECURITY_DEFAULTS_ID, displayName: 'Security Defaults', isEnabled: enabled,
  description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
});

function getSecurityDefaults(ctx: Ctx): Reply {
  return json(200, { '@odata.context': odataContext(ctx, 'policies/identitySecurityDefaultsEnforcementPolicy'), ...securityDefaultsView(caOf(tenantOf(ctx)).securityDefaults) });
}

function patchSecurityDefaults(ctx: Ctx): Reply {
  const body = jsonBody(ctx);
  checkObject(body, 'identitySecurityDefaultsEnforcementPolicy', ['id', 'displayName', 'description', 'deletedDateTime']);
  const model = caOf(tenantOf(ctx));
  if (typeof body.isEnabled !== 'boolean') return { status: 204 };
  if (body.isEnabled && model.policies.some((p) => p.state === 'enabled')) throw new ApiError(400, 'BadRequest', SECURITY_DEFAULTS_CONFLICT);
  const before = securityDefaultsView(model.securityDefaults);
  model.securityDefaults = body.isEnabled;
  recordAudit(ctx, {
    activity: 'Update policy', category: 'Policy', operationType: 'Update',
    target: { id: SECURITY_DEFAULTS_ID, displayName: 'Security Defaults', type: 'Policy' },
    modified: [{ displayName: 'isEnabled', oldValue: JSON.stringify([before.isEnabled]), newValue: JSON.stringify([body.isEnabled]) }],
  });
  ctx.core.changed();
  return { status: 204 };
}

export const CA_POLICIES = '/v1.0/identity/conditionalAccess/policies';
export const CA_LOCATIONS = '/v1.0/identity/conditionalAccess/namedLocations';
export const SECURITY_DEFAULTS = '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy';

export const conditionalAccessRoutes: Route[] = [
  { method: 'GET', pattern: CA_POLICIES, handler: listPolicies },
  { method: 'POST', pattern: CA_POLICIES, handler: createPolicy, write: true },
  { method: 'GET', pattern: `${CA_POLICIES}/:id`, handler: (ctx) => json(200, view(ctx, findPolicy(ctx))) },
  { method: 'PATCH', pattern: `${CA_POLICIES}/:id`, handler: updatePolicy, write: true },
  { method: 'DELETE', pattern: `${CA_POLICIES}/:id`, handler: deletePolicy, write: true },
  {
    method: 'GET', pattern: CA_LOCATIONS,
    handler: (ctx) => json(200, { '@odata.context': odataContext(ctx, 'identity/conditionalAccess/namedLocations'), value: caOf(tenantOf(ctx)).locations.map(locationView) }),
  },
  { method: 'POST', pattern: CA_LOCATIONS, handler: createLocation, write: true },
  { method: 'GET', pattern: `${CA_LOCATIONS}/:id`, handler: (ctx) => json(200, locationView(findLocation(ctx))) },
  { method: 'PATCH', pattern: `${CA_LOCATIONS}/:id`, handler: updateLocation, write: true },
  { method: 'DELETE', pattern: `${CA_LOCATIONS}/:id`, handler: deleteLocation, write: true },
  { method: 'GET', pattern: SECURITY_DEFAULTS, handler: getSecurityDefaults },
  { method: 'PATCH', pattern: SECURITY_DEFAULTS, handler: patchSecurityDefaults, write: true },
];
