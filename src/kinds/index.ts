// The registry of resource kinds, in the order they are fetched and diffed.
import { calendarPermissionKind } from './calendarPermission/index.js';
import { contactKind } from './contact/index.js';
import type { Kind } from './contract.js';
import { directoryRoleKind } from './directory-role/index.js';
import { distributionGroupKind } from './distributionGroup/index.js';
import { groupKind } from './group/index.js';
import { licenseKind } from './license/index.js';
import { mailboxKind } from './mailbox/index.js';
import { mailboxPermissionKind } from './mailboxPermission/index.js';
import { membershipKind } from './membership/index.js';
import { userKind } from './user/index.js';

export const kinds: Kind[] = [
  userKind as Kind,
  licenseKind as Kind,
  groupKind as Kind,
  membershipKind as Kind,
  directoryRoleKind as Kind,
  mailboxKind as Kind,
  contactKind as Kind,
  distributionGroupKind as Kind,
  mailboxPermissionKind as Kind,
  calendarPermissionKind as Kind,
];
