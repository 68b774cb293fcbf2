// The user kind's shapes. Address: `user:<userPrincipalName lower-cased>`.
import type { UserSpec } from '../../config/model.js';
import { userAddress } from '../shared/refs.js';

/** Graph properties the YAML manages, compared field by field. */
export const USER_FIELDS = [
  'displayName', 'givenName', 'surname', 'jobTitle', 'department', 'officeLocation', 'mobilePhone', 'businessPhones',
  'city', 'country', 'companyName', 'employeeId', 'usageLocation', 'accountEnabled', 'passwordPolicies',
] as const;

export type UserField = (typeof USER_FIELDS)[number];

/** Read, never written: which kind owns the account (a mailbox's, a guest) and whether the cloud may change it. */
export const USER_IDENTITY = ['mail', 'userType', 'onPremisesSyncEnabled'] as const;

/**
 * Graph's passwordPolicies is one comma-separated string (user.md: `DisablePasswordExpiration, DisableStrongPassword`;
 * `None` or null when neither is set); the YAML and the plan hold it as a sorted list, so order and spacing never
 * make a change.
 */
export function policyList(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  return [...new Set(v.split(',').map((s) => s.trim()).filter((s) => s !== '' && s.toLowerCase() !== 'none'))].sort();
}

/** The value a PATCH sends: the list joined as Graph writes it, `None` to clear (Update-MgUser -PasswordPolicies None). */
export const policyString = (list: readonly string[]): string => (list.length ? [...list].sort().join(', ') : 'None');

export interface DesiredUser {
  spec: UserSpec;
  /** Config path of the entry, e.g. `users[2]`, for diagnostics. */
  path: string;
}

export interface LiveUser {
  id: string;
  userPrincipalName: string;
  /** Found only in `/directory/deletedItems`: restorable for 30 days. */
  deleted?: true;
  /** UPN of the manager (lower-cased) or null; present only when the YAML declares a manager. */
  manager?: string | null;
  [field: string]: unknown;
}

export const isLive = (o: DesiredUser | LiveUser): o is LiveUser => !('spec' in o);

export const addressOf = (o: DesiredUser | LiveUser): string =>
  userAddress(isLive(o) ? o.userPrincipalName : o.spec.userPrincipalName);
