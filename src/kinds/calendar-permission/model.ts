// The calendarPermission kind's shapes. Address: `calendarPermission:<primary SMTP address lower>`, one per mailbox;
// entries by user: `Default`, `Anonymous`, or a user's address in lower case.
import { lower } from '../exchange/common.js';

export interface CalendarLive extends Record<string, unknown> {
  address: string;
  /** The folder's real (possibly localized) name. */
  folder: string;
  entries: Record<string, string>;
}

export const addressOf = (a: string): string => `calendarPermission:${lower(a)}`;

const SPECIAL = /^(default|anonymous)$/i;
export const isSpecial = (user: string): boolean => SPECIAL.test(user);
export const calendarUser = (u: string): string => (isSpecial(u) ? u[0]!.toUpperCase() + u.slice(1).toLowerCase() : lower(u));
