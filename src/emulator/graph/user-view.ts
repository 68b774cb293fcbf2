// How a user is served: the stored props plus the computed ones (id, licenses), projected onto `$select` or
// Graph's default property set; and the `$filter` getter over stored users.
import type { TenantState, UserObject } from '../state.js';
import { DECLARED } from './csdl-names.js';
import { emptyValue } from './common.js';
import { defaultGetter, type Getter } from './odata.js';
import { activeGroupLicenses, groupAssignments, type GroupAssignment } from './license-rules.js';

export const USER_DEFAULT_SELECT = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation',
  'preferredLanguage', 'surname', 'userPrincipalName', 'id',
];

export const USER_PROPS = new Set(Object.keys(DECLARED.user?.props ?? {}));

export const USER_FILTERABLE = new Set([
  'id', 'userPrincipalName', 'mailNickname', 'displayName', 'mail', 'givenName', 'surname', 'jobTitle', 'department',
  'accountEnabled', 'userType', 'usageLocation', 'employeeId', 'companyName', 'city', 'country', 'officeLocation',
  'createdDateTime', 'assignedLicenses',
]);

/** `$search` on users (search-query-parameter.md): tokenised on displayName, startsWith on the other strings. */
const USER_SEARCH = new Map<string, 'tokens' | 'prefix'>([
  ['displayName', 'tokens'],
  ...['userPrincipalName', 'mail', 'mailNickname', 'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'city',
    'country', 'officeLocation', 'employeeId', 'usageLocation', 'userType'].map((p) => [p, 'prefix'] as [string, 'prefix']),
]);

/** What `/users` accepts in `$filter`, `$search` and `$orderby` (the $orderby table of aad-advanced-queries.md). */
export const USER_QUERY = {
  entity: 'User', filterable: USER_FILTERABLE, searchable: USER_SEARCH,
  sortable: { displayName: 'default', userPrincipalName: 'default', createdDateTime: 'advanced', deletedDateTime: 'advanced' } as const,
};

/** Licenses a user holds through groups: one entry per (group, sku) whose assignment is Active. */
export function groupLicenses(tenant: TenantState, user: UserObject): GroupAssignment[] {
  return activeGroupLicenses(tenant, user);
}

/**
 * assignedLicenses holds every license the user has, direct or inherited and in effect; licenseAssignmentStates also
 * lists group assignments that failed, in state Error with the reason (resources/licenseassignmentstate.md). A
 * successful assignment's error reads "None", as the service writes it (the page says null).
 */
function licenseProps(tenant: TenantState, user: UserObject): Record<string, unknown> {
  const inherited = groupAssignments(tenant, user);
  const assigned = new Map<string, string[]>();
  for (const l of user.licenses) assigned.set(l.skuId, l.disabledPlans);
  for (const l of inherited) if (l.state === 'Active' && !assigned.has(l.skuId)) assigned.set(l.skuId, l.disabledPlans);
  // A seeded user (createdMs 0) has held its licenses since the tenant was seeded.
  const at = new Date(user.createdMs || tenant.createdMs).toISOString();
  const states = [
    ...user.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: l.disabledPlans, assignedByGroup: null, state: 'Active', error: 'None', lastUpdatedDateTime: at })),
    ...inherited.map((l) => ({ skuId: l.skuId, disabledPlans: l.disabledPlans, assignedByGroup: l.groupId, state: l.state, error: l.error, lastUpdatedDateTime: at })),
  ];
  return {
    assignedLicenses: [...assigned].map(([skuId, disabledPlans]) => ({ disabledPlans, skuId })),
    licenseAssignmentStates: states,
  };
}

export function userView(tenant: TenantState, user: UserObject, select: string[] | undefined): Record<string, unknown> {
  const names = select ?? USER_DEFAULT_SELECT;
  const needsLicenses = names.includes('assignedLicenses') || names.includes('licenseAssignmentStates');
  const computed = needsLicenses ? licenseProps(tenant, user) : {};
  const out: Record<string, unknown> = {};
  for (const n of names) {
    if (n === 'id') out.id = user.id;
    else if (n === 'passwordProfile') out[n] = null;
    else if (n in computed) out[n] = computed[n];
    else if (n === 'mailboxSettings') out[n] = null;
    // Until a first revocation, sessions are valid from the account's creation.
    else if (n === 'signInSessionsValidFromDateTime') out[n] = user.props[n] ?? user.props.createdDateTime ?? null;
    else out[n] = user.props[n] ?? emptyValue('user', n);
  }
  if (!('id' in out)) out.id = user.id;
  return out;
}

export function userGetter(tenant: TenantState): Getter {
  return (obj, path) => {
    const user = obj as UserObject;
    const root = path.split('/')[0];
    if (root === 'id') return user.id;
    if (root === 'assignedLicenses') return defaultGetter(licenseProps(tenant, user), path);
    return defaultGetter(user.props, path);
  };
}
