// The mailboxPermission kind's shapes. Address: `mailboxPermission:<primary SMTP address lower>`, one per mailbox.
import { lower } from '../exchange/common.js';

export interface PermissionLive extends Record<string, unknown> {
  address: string;
  fullAccess: string[];
  sendAs: string[];
  sendOnBehalf: string[];
}

export const addressOf = (a: string): string => `mailboxPermission:${lower(a)}`;
