// The authentication methods policy and its method configurations other than Temporary Access Pass (auth-methods.ts
// serves that one), as Microsoft's Graph v1.0 reference documents them (microsoft-graph-docs-contrib,
// api-reference/v1.0/api/): authenticationmethodspolicy-get.md (the policy with its configurations inline),
// authenticationmethodconfiguration-get.md and -update.md (204), and the resource page of each configuration type.
// Each method starts as the documented example of authenticationmethodspolicy-get.md has it: SMS and email on,
// the others off, targets all users (email none).
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { tapConfigurationView } from './auth-methods.js';
import { recordAudit } from './audit.js';
import { odataContext, tenantOf } from './common.js';
import { checkObject, complete } from './policy-body.js';

type Obj = Record<string, unknown>;
/** Configuration id → its type in the CSDL. */
export const METHOD_TYPES: Record<string, string> = {
  MicrosoftAuthenticator: 'microsoftAuthenticatorAuthenticationMethodConfiguration',
  Fido2: 'fido2AuthenticationMethodConfiguration',
  Sms: 'smsAuthenticationMethodConfiguration',
  Voice: 'voiceAuthenticationMethodConfiguration',
  Email: 'emailAuthenticationMethodConfiguration',
  SoftwareOath: 'softwareOathAuthenticationMethodConfiguration',
  X509Certificate: 'x509CertificateAuthenticationMethodConfiguration',
};
const ALL_USERS = { targetType: 'group', id: 'all_users', isRegistrationRequired: false };

function initial(): Record<string, Obj> {
  return {
    MicrosoftAuthenticator: { state: 'disabled', includeTargets: [{ ...ALL_USERS, authenticationMode: 'any' }] },
    Fido2: { state: 'disabled', isSelfServiceRegistrationAllowed: true, isAttestationEnforced: true, keyRestrictions: { isEnforced: false, enforcementType: 'block', aaGuids: [] }, includeTargets: [ALL_USERS] },
    Sms: { state: 'enabled', includeTargets: [{ ...ALL_USERS, isUsableForSignIn: true }] },
    Voice: { state: 'disabled', isOfficePhoneAllowed: false, includeTargets: [ALL_USERS] },
    Email: { state: 'enabled', allowExternalIdToUseEmailOtp: 'default', includeTargets: [] },
    SoftwareOath: { state: 'disabled', includeTargets: [ALL_USERS] },
    X509Certificate: { state: 'disabled', includeTargets: [ALL_USERS] },
  };
}

export function methodConfigsOf(tenant: TenantState): Record<string, Obj> {
  const existing = tenant.ext.authenticationMethodConfigurations as Record<string, Obj> | undefined;
  if (existing) return existing;
  const created = initial();
  tenant.ext.authenticationMethodConfigurations = created;
  return created;
}

const view = (id: string, c: Obj): Obj => ({ '@odata.type': `#microsoft.graph.${METHOD_TYPES[id]!}`, ...(complete({ excludeTargets: [], ...c, id }, METHOD_TYPES[id]!) as Obj) });

function idOf(ctx: Ctx): string {
  const id = Object.keys(METHOD_TYPES).find((k) => k.toLowerCase() === (ctx.params.id ?? '').toLowerCase());
  if (!id) throw new ApiError(404, 'ResourceNotFound', `Authentication method configuration '${ctx.params.id ?? ''}' was not found.`);
  return id;
}

function getPolicy(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const configs = methodConfigsOf(tenant);
  return json(200, {
    '@odata.context': odataContext(ctx, 'policies/authenticationMethodsPolicy/$entity'),
    id: 'authenticationMethodsPolicy', displayName: 'Authentication Methods Policy', policyVersion: '1.5',
    description: 'The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings',
    authenticationMethodConfigurations: [...Object.entries(configs).map(([id, c]) => view(id, c)), tapConfigurationView(tenant)],
  });
}

function patchConfig(ctx: Ctx): Reply {
  const id = idOf(ctx);
  const body = jsonBody(ctx);
  checkObject(body, METHOD_TYPES[id]!, ['id']);
  const configs = methodConfigsOf(tenantOf(ctx));
  const before = configs[id]!;
  const { '@odata.type': _t, ...rest } = body;
  configs[id] = { ...before, ...rest };
  recordAudit(ctx, {
    activity: 'Authentication Methods Policy Update', category: 'Policy', service: 'Authentication Methods', operationType: 'Update',
    target: { id, displayName: id, type: 'Policy' },
    modified: Object.keys(rest).map((k) => ({ displayName: k, oldValue: JSON.stringify([before[k] ?? null]), newValue: JSON.stringify([rest[k] ?? null]) })),
  });
  ctx.core.changed();
  return { status: 204 };
}

export const AUTH_METHODS_POLICY = '/v1.0/policies/authenticationMethodsPolicy';
const CONFIG = `${AUTH_METHODS_POLICY}/authenticationMethodConfigurations/:id`;
export const methodConfigRoutes: Route[] = [
  { method: 'GET', pattern: AUTH_METHODS_POLICY, handler: getPolicy },
  { method: 'GET', pattern: CONFIG, handler: (ctx) => { const id = idOf(ctx); return json(200, { '@odata.context': odataContext(ctx, 'authenticationMethodConfigurations/$entity'), ...view(id, methodConfigsOf(tenantOf(ctx))[id]!) }); } },
  { method: 'PATCH', pattern: CONFIG, handler: patchConfig, write: true },
];
