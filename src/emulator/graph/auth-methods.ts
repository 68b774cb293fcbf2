// Temporary Access Pass, as Microsoft's Graph v1.0 reference documents it (microsoft-graph-docs-contrib):
// - the tenant's method configuration, GET and PATCH
//   /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass
//   (api/temporaryaccesspassauthenticationmethodconfiguration-get.md, -update.md;
//   resources/temporaryaccesspassauthenticationmethodconfiguration.md). Seeded per tenant; disabled unless seeded.
// - a user's passes, POST and GET /users/{id}/authentication/temporaryAccessPassMethods
//   (api/authentication-post-temporaryaccesspassmethods.md, api/authentication-list-temporaryaccesspassmethods.md;
//   resources/temporaryaccesspassauthenticationmethod.md): one pass per user, a new one replaces it, and the pass
//   itself is returned only by the create, `null` on every read.
// The emulator keeps only a SHA-256 of each pass, so tests can check a delivered pass without the state holding it.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { ApiError, json, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { badRequest, findUser, odataContext, tenantOf } from './common.js';

// Structural properties in /work/shared/reference/graph-v1.0.csdl (with authenticationMethod's and entity's id);
// csdl-names.ts does not generate these two types.
const PASS_PROPS = ['id', 'createdDateTime', 'isUsable', 'isUsableOnce', 'lifetimeInMinutes', 'methodUsabilityReason', 'startDateTime', 'temporaryAccessPass'];
const POLICY_PROPS = ['id', 'state', 'excludeTargets', 'defaultLength', 'defaultLifetimeInMinutes', 'isUsableOnce', 'maximumLifetimeInMinutes', 'minimumLifetimeInMinutes'];

/** Graph's answers to an undeclared and a read-only property in a request body (as common.ts's checkDeclared). */
function checkBody(body: Record<string, unknown>, type: string, declared: string[], readOnly: string[]): void {
  for (const name of Object.keys(body)) {
    if (name.includes('@odata.')) continue;
    if (!declared.includes(name)) {
      throw badRequest(`Property '${name}' does not exist on type 'microsoft.graph.${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    if (readOnly.includes(name)) throw badRequest(`Property '${name}' is read-only and cannot be set.`);
  }
}

export interface TapConfiguration {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number; defaultLength: number; minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number; isUsableOnce: boolean;
}
export type SeedTapConfiguration = Partial<TapConfiguration>;
export interface StoredPass {
  id: string; createdDateTime: string; startDateTime: string; lifetimeInMinutes: number; isUsableOnce: boolean;
  /** SHA-256 (hex) of the issued pass; the pass itself is gone once the create has answered. */
  passSha256: string;
}
interface AuthMethodsState { tapPolicy: TapConfiguration; passes: Record<string, StoredPass> }

/** The documented example's values (…configuration-get.md), with `state` off until a tenant's seed enables it. */
const DEFAULTS: TapConfiguration = {
  state: 'disabled', defaultLifetimeInMinutes: 60, defaultLength: 8, minimumLifetimeInMinutes: 60, maximumLifetimeInMinutes: 480, isUsableOnce: false,
};

export function authMethodsOf(tenant: TenantState): AuthMethodsState {
  const existing = tenant.ext.authenticationMethods as AuthMethodsState | undefined;
  if (existing) return existing;
  const created: AuthMethodsState = { tapPolicy: { ...DEFAULTS }, passes: {} };
  tenant.ext.authenticationMethods = created;
  return created;
}

export function seedAuthMethodsPolicy(tenant: TenantState, seed: { temporaryAccessPass?: SeedTapConfiguration } | undefined): void {
  if (seed?.temporaryAccessPass) Object.assign(authMethodsOf(tenant).tapPolicy, seed.temporaryAccessPass);
}

const POLICY_TYPE = 'temporaryAccessPassAuthenticationMethodConfiguration';

/** The Temporary Access Pass configuration as Graph serves it, also inside the whole authentication methods policy. */
export function tapConfigurationView(tenant: TenantState): Record<string, unknown> {
  return {
    '@odata.type': `#microsoft.graph.${POLICY_TYPE}`, id: 'TemporaryAccessPass', ...authMethodsOf(tenant).tapPolicy,
    includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }], excludeTargets: [],
  };
}

function getPolicy(ctx: Ctx): Reply {
  return json(200, { '@odata.context': odataContext(ctx, 'authenticationMethodConfigurations/$entity'), ...tapConfigurationView(tenantOf(ctx)) });
}

function patchPolicy(ctx: Ctx): Reply {
  const body = JSON.parse(ctx.rawBody || '{}') as Partial<TapConfiguration> & Record<string, unknown>;
  checkBody(body, POLICY_TYPE, POLICY_PROPS, ['id']);
  if (body.state !== undefined && body.state !== 'enabled' && body.state !== 'disabled') throw badRequest(`Invalid value '${String(body.state)}' for property 'state'.`);
  Object.assign(authMethodsOf(tenantOf(ctx)).tapPolicy, body);
  ctx.core.changed();
  return { status: 204 };
}

/** Characters of a pass: the documented example `+drkzqAD` mixes letters and symbols. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+!#$%&@';
const newPass = (length: number): string => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]!).join('');

function view(p: StoredPass, now: number, pass: string | null): Record<string, unknown> {
  const start = Date.parse(p.startDateTime);
  const expired = now > start + p.lifetimeInMinutes * 60_000;
  const reason = now < start ? 'NotYetValid' : expired ? 'Expired' : 'EnabledByPolicy';
  const { passSha256: _hidden, ...shown } = p;
  return { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', ...shown, temporaryAccessPass: pass, isUsable: reason === 'EnabledByPolicy', methodUsabilityReason: reason };
}

// Graph's answer when the policy does not allow the method; the reference gives no text for it, this is the service's
// message as users report it (MicrosoftDocs/azure-docs#111778, glueckkanja/MyWorkID#47). Status and code: 400 badRequest.
const POLICY_REFUSES = 'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].';

function createPass(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  const body = JSON.parse(ctx.rawBody || '{}') as Record<string, unknown>;
  checkBody(body, 'temporaryAccessPassAuthenticationMethod', PASS_PROPS, ['id', 'temporaryAccessPass', 'isUsable', 'methodUsabilityReason', 'createdDateTime']);
  const model = authMethodsOf(tenant);
  const policy = model.tapPolicy;
  if (policy.state !== 'enabled') throw new ApiError(400, 'badRequest', POLICY_REFUSES);
  const lifetime = body.lifetimeInMinutes === undefined ? policy.defaultLifetimeInMinutes : Number(body.lifetimeInMinutes);
  if (!Number.isInteger(lifetime) || lifetime < Math.max(10, policy.minimumLifetimeInMinutes) || lifetime > Math.min(43200, policy.maximumLifetimeInMinutes)) {
    throw badRequest(`lifetimeInMinutes must be between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes}.`);
  }
  const isUsableOnce = policy.isUsableOnce || body.isUsableOnce === true;
  const now = Date.now();
  const created = new Date(now).toISOString();
  const pass = newPass(policy.defaultLength);
  const stored: StoredPass = {
    id: randomUUID(), createdDateTime: created, startDateTime: typeof body.startDateTime === 'string' ? body.startDateTime : created,
    lifetimeInMinutes: lifetime, isUsableOnce, passSha256: createHash('sha256').update(pass).digest('hex'),
  };
  model.passes[user.id] = stored;
  ctx.core.changed();
  return json(201, { '@odata.context': odataContext(ctx, `users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`), ...view(stored, now, pass) });
}

function listPasses(ctx: Ctx): Reply {
  const user = findUser(ctx, ctx.params.id ?? '', true);
  const stored = authMethodsOf(tenantOf(ctx)).passes[user.id];
  return json(200, {
    '@odata.context': odataContext(ctx, `users('${user.id}')/authentication/temporaryAccessPassMethods`),
    value: stored ? [view(stored, Date.now(), null)] : [],
  });
}

const POLICY_PATH = '/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
const PASSES_PATH = '/v1.0/users/:id/authentication/temporaryAccessPassMethods';

export const authMethodRoutes: Route[] = [
  { method: 'GET', pattern: POLICY_PATH, handler: getPolicy },
  { method: 'PATCH', pattern: POLICY_PATH, handler: patchPolicy, write: true },
  { method: 'POST', pattern: PASSES_PATH, handler: createPass, write: true },
  { method: 'GET', pattern: PASSES_PATH, handler: listPasses },
];
