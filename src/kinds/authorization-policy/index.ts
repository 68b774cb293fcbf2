// Kind `authorizationPolicy`: the tenant's authorization policy, one object per tenant (`authorizationPolicy:tenant`):
// who may invite guests and what guests see, user consent to apps, and what default users may create. Only the keys
// the YAML gives are managed. GET/PATCH /policies/authorizationPolicy (microsoft-graph-docs-contrib
// api-reference/v1.0/api/authorizationpolicy-get.md, -update.md; resources/authorizationpolicy.md for the guest role
// ids; user consent is the `ManagePermissionGrantsForSelf.*` policies in permissionGrantPoliciesAssigned, as
// learn.microsoft.com/entra/identity/enterprise-apps/configure-user-consent describes).
import type { AuthorizationPolicySpec } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { changedFields, exportSingleton, patchGraph, singletonBehaviour, type Singleton } from '../shared/reconcile-singleton.js';

export const ADDRESS = 'authorizationPolicy:tenant';
const PATH = '/policies/authorizationPolicy';
const ROLES = { member: 'a0b1b346-4d3e-4e8b-98f8-753987be4970', guest: '10dae51f-b6af-4016-8d66-8c2a99b929b3', restrictedGuest: '2af84b1e-32c8-42b7-82bc-daa82404023b' } as const;
const CONSENT = { lowRisk: 'ManagePermissionGrantsForSelf.microsoft-user-default-low', all: 'ManagePermissionGrantsForSelf.microsoft-user-default-legacy' } as const;
const FOR_SELF = 'ManagePermissionGrantsForSelf.';
const TOP = ['allowInvitesFrom', 'allowUserConsentForRiskyApps', 'allowedToSignUpEmailBasedSubscriptions', 'allowEmailVerifiedUsersToJoinOrganization', 'allowedToUseSSPR', 'blockMsolPowerShell'] as const;
const DEFAULT_USER = ['allowedToCreateApps', 'allowedToCreateSecurityGroups', 'allowedToCreateTenants', 'allowedToReadOtherUsers', 'allowedToReadBitlockerKeysForOwnedDevice'] as const;

const DOCUMENTED: Record<string, unknown> = {
  allowInvitesFrom: 'everyone', guestUserRole: 'guest', userConsent: 'all', allowUserConsentForRiskyApps: false, allowedToCreateApps: true,
  allowedToCreateSecurityGroups: true, allowedToCreateTenants: true, allowedToReadOtherUsers: true, allowedToReadBitlockerKeysForOwnedDevice: true,
  allowedToSignUpEmailBasedSubscriptions: true, allowEmailVerifiedUsersToJoinOrganization: true, allowedToUseSSPR: true,
};

interface Wire extends Record<string, unknown> {
  guestUserRoleId?: string;
  defaultUserRolePermissions?: Record<string, unknown> & { permissionGrantPoliciesAssigned?: string[] };
}
/** The policy in YAML terms, plus the consent policies tenantform does not manage (kept on every write). */
export type AuthorizationLive = Record<string, unknown> & { otherGrantPolicies: string[] };

function fromWire(w: Wire): AuthorizationLive {
  const dup = w.defaultUserRolePermissions ?? {};
  const grants = dup.permissionGrantPoliciesAssigned ?? [];
  const self = grants.filter((g) => g.startsWith(FOR_SELF));
  const role = Object.entries(ROLES).find(([, id]) => id === w.guestUserRoleId?.toLowerCase())?.[0] ?? w.guestUserRoleId;
  const consent = self.length === 0 ? 'none' : self.includes(CONSENT.all) ? 'all' : self.includes(CONSENT.lowRisk) ? 'lowRisk' : self.join(',');
  const live: AuthorizationLive = { guestUserRole: role, userConsent: consent, otherGrantPolicies: grants.filter((g) => !g.startsWith(FOR_SELF)) };
  for (const k of TOP) live[k] = w[k] ?? null;
  for (const k of DEFAULT_USER) live[k] = dup[k] ?? null;
  return live;
}

function toWire(want: AuthorizationPolicySpec, live: AuthorizationLive): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const k of TOP) if (want[k] !== undefined) body[k] = want[k];
  if (want.guestUserRole) body.guestUserRoleId = ROLES[want.guestUserRole];
  const dup: Record<string, unknown> = {};
  for (const k of DEFAULT_USER) if (want[k] !== undefined) dup[k] = want[k];
  if (want.userConsent) dup.permissionGrantPoliciesAssigned = [...live.otherGrantPolicies, ...(want.userConsent === 'none' ? [] : [CONSENT[want.userConsent]])];
  if (Object.keys(dup).length > 0) body.defaultUserRolePermissions = dup;
  return body;
}

const singleton: Singleton<AuthorizationPolicySpec, AuthorizationLive> = {
  kind: 'authorizationPolicy', address: ADDRESS, path: 'authorizationPolicy',
  read: async (ctx) => [fromWire(await ctx.clients.graph.get<Wire>(PATH))],
  // Graph answers the one policy, whose id is always `authorizationPolicy`.
  id: () => 'authorizationPolicy',
  fields: (want, have) => changedFields(want, have),
  ops: (want, have) => ({ op: 'graphWrite', body: toWire(want, have) }),
};

export const authorizationPolicyKind: Kind<AuthorizationPolicySpec, AuthorizationLive> = {
  kind: 'authorizationPolicy',
  shape: 'singleton', section: 'authorizationPolicy', prefix: 'authorizationPolicy', schema: 'security.schema.json',
  // authorizationpolicy-get.md: Policy.Read.All; the update: Policy.ReadWrite.Authorization. Through GDAP the
  // Security Administrator role (or Privileged Role Administrator) writes it.
  permissions: {
    read: { graph: ['Policy.Read.All'], gdapRoles: ['Security Reader'] },
    write: { graph: ['Policy.ReadWrite.Authorization'], gdapRoles: ['Security Administrator'] },
  },
  ...singletonBehaviour(singleton, (config) => config.authorizationPolicy),
  apply: patchGraph(PATH),
  async export(ctx) {
    const { live } = await authorizationPolicyKind.fetch({ ...ctx, prune: true }, [{}]);
    // Only what differs from the values of authorizationpolicy-get.md's example (a tenant nobody has tightened), so
    // an untouched tenant exports no file; a consent setting tenantform cannot name is left out.
    const item = live.map(({ otherGrantPolicies: _o, ...rest }) => Object.fromEntries(Object.entries(rest)
      .filter(([k, v]) => v !== null && v !== undefined && v !== DOCUMENTED[k] && !(typeof v === 'string' && v.includes(',')))))[0];
    return exportSingleton('authorizationPolicy', item, 'an untouched tenant');
  },
};
