// The tenant's authorization policy, one object per tenant: GET and PATCH /policies/authorizationPolicy
// (microsoft-graph-docs-contrib api-reference/v1.0/api/authorizationpolicy-get.md: the single object, id
// "authorizationPolicy"; authorizationpolicy-update.md: 204). Its values start as the documented example's, with the
// guest role Guest User (resources/authorizationpolicy.md: 10dae51f-…, limited access) and user consent to any app
// (the `ManagePermissionGrantsForSelf.microsoft-user-default-legacy` grant policy) in place of the example's one.
import { json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { recordAudit } from './audit.js';
import { odataContext, tenantOf } from './common.js';
import { checkObject, complete, mergePatch } from './policy-body.js';

type Obj = Record<string, unknown>;
const TYPE = 'authorizationPolicy';

const INITIAL: Obj = {
  id: 'authorizationPolicy', displayName: 'Authorization Policy', description: 'Used to manage authorization related settings across the company.',
  allowInvitesFrom: 'everyone', allowedToSignUpEmailBasedSubscriptions: true, allowedToUseSSPR: true,
  allowEmailVerifiedUsersToJoinOrganization: true, allowUserConsentForRiskyApps: false, blockMsolPowerShell: null,
  guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  defaultUserRolePermissions: {
    allowedToCreateApps: true, allowedToCreateSecurityGroups: true, allowedToCreateTenants: true,
    allowedToReadBitlockerKeysForOwnedDevice: true, allowedToReadOtherUsers: true,
    permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy'],
  },
};

export function authorizationPolicyOf(tenant: TenantState): Obj {
  const existing = tenant.ext.authorizationPolicy as Obj | undefined;
  if (existing) return existing;
  const created = structuredClone(INITIAL);
  tenant.ext.authorizationPolicy = created;
  return created;
}

function get(ctx: Ctx): Reply {
  return json(200, { '@odata.context': odataContext(ctx, 'policies/authorizationPolicy/$entity'), ...(complete(authorizationPolicyOf(tenantOf(ctx)), TYPE) as Obj) });
}

function patch(ctx: Ctx): Reply {
  const body = jsonBody(ctx);
  checkObject(body, TYPE, ['id', 'deletedDateTime']);
  const tenant = tenantOf(ctx);
  const before = authorizationPolicyOf(tenant);
  const after = mergePatch(before, body);
  tenant.ext.authorizationPolicy = after;
  recordAudit(ctx, {
    activity: 'Update authorization policy', category: 'Policy', operationType: 'Update',
    target: { id: 'authorizationPolicy', displayName: 'Authorization Policy', type: 'Policy' },
    modified: Object.keys(body).map((k) => ({ displayName: k, oldValue: JSON.stringify([before[k] ?? null]), newValue: JSON.stringify([after[k] ?? null]) })),
  });
  ctx.core.changed();
  return { status: 204 };
}

export const AUTHORIZATION_POLICY = '/v1.0/policies/authorizationPolicy';
export const authorizationPolicyRoutes: Route[] = [
  { method: 'GET', pattern: AUTHORIZATION_POLICY, handler: get },
  { method: 'PATCH', pattern: AUTHORIZATION_POLICY, handler: patch, write: true },
];
