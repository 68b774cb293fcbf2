// Export of calendar folder permissions. Default and Anonymous are written only when they differ from Exchange's
// defaults (AvailabilityOnly, None); undeclared they are left alone by the diff.
import type { MailboxSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { fetchForAllMailboxes, writableReference } from '../exchange/export.js';
import { byKey, count } from '../shared/export.js';
import type { CalendarLive } from './model.js';

type Fetch = (ctx: FetchContext, desired: MailboxSpec[]) => Promise<FetchResult<CalendarLive>>;

const DEFAULTS: Record<string, string> = { Default: 'AvailabilityOnly', Anonymous: 'None' };

export function calendarToYaml(l: CalendarLive, notes: string[]): Record<string, unknown> | undefined {
  const entries = Object.entries(l.entries).sort(byKey(([u]) => u));
  const special = entries.filter(([u, a]) => u in DEFAULTS && DEFAULTS[u] !== a);
  const named = entries.filter(([u]) => !(u in DEFAULTS));
  const ok = named.filter(([u]) => writableReference(u));
  const calendar = [...special, ...ok].map(([user, access]) => ({ user, access }));
  const out: Record<string, unknown> = {};
  if (calendar.length) out.calendar = calendar;
  if (ok.length < named.length) {
    out.permissions = { mode: 'additive' };
    notes.push(`${count(named.length - ok.length, 'calendar permission')} of users without an address not exported`);
  }
  return Object.keys(out).length ? out : undefined;
}

export async function exportCalendars(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const live = await fetchForAllMailboxes(ctx, fetch, { calendar: [] });
  const items: Record<string, unknown>[] = [];
  const notes: Record<string, string[]> = {};
  for (const l of [...live].sort(byKey((c) => c.address))) {
    const n: string[] = [];
    const yaml = calendarToYaml(l, n);
    if (yaml) items.push({ address: l.address, ...yaml });
    if (n.length) notes[l.address] = n;
  }
  return { section: 'mailboxes', items, notes };
}
