// The registry of resource kinds, in the order they are fetched and diffed.
import { calendarPermissionKind } from './calendarPermission/index.js';
import { contactKind } from './contact/index.js';
import type { Kind } from './contract.js';
import { distributionGroupKind } from './distributionGroup/index.js';
import { mailboxKind } from './mailbox/index.js';
import { mailboxPermissionKind } from './mailboxPermission/index.js';

export const kinds: Kind[] = [
  mailboxKind as Kind,
  contactKind as Kind,
  distributionGroupKind as Kind,
  mailboxPermissionKind as Kind,
  calendarPermissionKind as Kind,
];
