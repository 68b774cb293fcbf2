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
import { addressOf, type CalendarLive } from './model.js';

export { diffCalendar } from './diff.js';
export { calendarUser, type CalendarLive } from './model.js';

export function createCalendarPermissionKind(wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, CalendarLive> {
  const kind: Kind<MailboxSpec, CalendarLive> = {
    kind: 'calendarPermission',
    shape: 'child', section: 'mailboxes', parent: 'mailbox', fields: ['calendar'], prefix: 'calendarPermission',
      uses: [{ field: 'calendar[].user', types: ['user', 'group'], except: ['Default', 'Anonymous'] }],
    permissions: EXCHANGE_PERMISSIONS,
    select: (config) => (config.mailboxes ?? []).filter((m) => m.ensure !== 'absent' && m.calendar),
    address: (o) => addressOf(o.address),
    async fetch(ctx, desired) {
      const ex = exchangeClient(ctx.clients);
      const live = await Promise.all(desired.map((d) => readCalendar(ex, ctx.session, lower(d.address))));
      return { live: live.filter((l): l is CalendarLive => l !== undefined), complete: false };
    },
    diff: diffCalendars,
    apply: (change, ctx) => applyCalendar(change, ctx, wait),
  };
  kind.export = (ctx) => exportCalendars(ctx, kind.fetch);
  return kind;
}

export const calendarPermissionKind = createCalendarPermissionKind();
