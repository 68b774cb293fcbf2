// The folder permission kinds' shapes: `calendarPermission` for a mailbox's calendar, `contactsPermission` for its
// contacts folder (delegates), one code for both. Address: `<kind>:<primary SMTP address lower>`, one per mailbox;
// entries by user: `Default`, `Anonymous`, or a user's address in lower case.
import { lower } from '../exchange/common.js';

export interface CalendarLive extends Record<string, unknown> {
  address: string;
  /** The folder's real (possibly localized) name. */
  folder: string;
  entries: Record<string, string>;
}

/** Which folder a kind manages: its kind name, the mailbox field it lives in, its FolderScope/FolderType and op. */
export interface FolderKind {
  kind: 'calendarPermission' | 'contactsPermission';
  field: 'calendar' | 'contactsFolder';
  scope: 'Calendar' | 'Contacts';
  op: 'calendar' | 'contactsFolder';
  /** Default and Anonymous as a new folder has them: export writes them only when they differ. */
  defaults: Record<string, string>;
}

export const CALENDAR: FolderKind = { kind: 'calendarPermission', field: 'calendar', scope: 'Calendar', op: 'calendar', defaults: { Default: 'AvailabilityOnly', Anonymous: 'None' } };
export const CONTACTS: FolderKind = { kind: 'contactsPermission', field: 'contactsFolder', scope: 'Contacts', op: 'contactsFolder', defaults: { Default: 'None', Anonymous: 'None' } };

export const addressOf = (a: string, f: FolderKind = CALENDAR): string => `${f.kind}:${lower(a)}`;

const SPECIAL = /^(default|anonymous)$/i;
export const isSpecial = (user: string): boolean => SPECIAL.test(user);
export const calendarUser = (u: string): string => (isSpecial(u) ? u[0]!.toUpperCase() + u.slice(1).toLowerCase() : lower(u));
