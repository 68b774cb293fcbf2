// The user kind's shapes. Address: `user:<userPrincipalName lower-cased>`.
import type { UserSpec } from '../../config/model.js';
import { userAddress } from '../shared/refs.js';

/** Graph properties the YAML manages, compared field by field. */
export const USER_FIELDS = [
  'displayName', 'givenName', 'surname', 'jobTitle', 'department', 'officeLocation', 'mobilePhone', 'businessPhones',
  'city', 'country', 'companyName', 'employeeId', 'usageLocation', 'accountEnabled',
] as const;

export type UserField = (typeof USER_FIELDS)[number];

/** Read, never written: which kind owns the account (a mailbox's, a guest) and whether the cloud may change it. */
export const USER_IDENTITY = ['mail', 'userType', 'onPremisesSyncEnabled'] as const;

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
