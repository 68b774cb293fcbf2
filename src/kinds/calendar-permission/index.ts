// Kind `calendarPermission`: the permission entries of a mailbox's calendar folder. The folder is addressed by its
// real name, found with Get-MailboxFolderStatistics -FolderScope Calendar (FolderType Calendar): `mailbox:\Calendar`
// is wrong in a German mailbox (`Kalender`), and there may even name a user's own folder.
// Default and Anonymous are set when declared and otherwise left alone; named users are authoritative unless
// `permissions.mode: additive`.
import type { MailboxSpec } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { DEFAULT_WAIT, EXCHANGE_PERMISSIONS, exchangeClient, lower, type WaitOptions } from '../exchange/common.js';
import { applyCalendar } from './apply.js';
import { diffCalendars } from './diff.js';
import { exportCalendars } from './export.js';
import { readCalendar } from './fetch.js';
import { addressOf, CALENDAR, CONTACTS, type CalendarLive, type FolderKind } from './model.js';

export { diffCalendar } from './diff.js';
export { calendarUser, type CalendarLive } from './model.js';

/** The permission entries of one folder of every declared mailbox: the calendar or the contacts folder. */
function createFolderPermissionKind(f: FolderKind, wait: WaitOptions): Kind<MailboxSpec, CalendarLive> {
  const kind: Kind<MailboxSpec, CalendarLive> = {
    kind: f.kind,
    shape: 'child', section: 'mailboxes', parent: 'mailbox', fields: [f.field], prefix: f.kind,
      uses: [{ field: `${f.field}[].user`, types: ['user', 'group'], except: ['Default', 'Anonymous'] }],
    permissions: EXCHANGE_PERMISSIONS,
    select: (config) => (config.mailboxes ?? []).filter((m) => m.ensure !== 'absent' && m[f.field]),
    address: (o) => addressOf(o.address, f),
    async fetch(ctx, desired) {
      const ex = exchangeClient(ctx.clients);
      const live = await Promise.all(desired.map((d) => readCalendar(ex, ctx.session, lower(d.address), f)));
      return { live: live.filter((l): l is CalendarLive => l !== undefined), complete: false };
    },
    diff: (desired, live, ctx) => diffCalendars(desired, live, ctx, f),
    apply: (change, ctx) => applyCalendar(change, ctx, wait, f),
  };
  kind.export = (ctx) => exportCalendars(ctx, kind.fetch, f);
  return kind;
}

export const createCalendarPermissionKind = (wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, CalendarLive> => createFolderPermissionKind(CALENDAR, wait);
/** Kind `contactsPermission`: delegates of a mailbox's contacts folder (`mailbox:\Contacts`, localized), as the calendar's. */
export const createContactsPermissionKind = (wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, CalendarLive> => createFolderPermissionKind(CONTACTS, wait);

export const calendarPermissionKind = createCalendarPermissionKind();
export const contactsPermissionKind = createContactsPermissionKind();
