// Export of calendar (and contacts) folder permissions. Default and Anonymous are written only when they differ from
// Exchange's defaults (a calendar's AvailabilityOnly and None, a contacts folder's None and None); undeclared they are
// left alone by the diff.
import type { MailboxSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { fetchForAllMailboxes, writableReference } from '../exchange/export.js';
import { byKey, count } from '../shared/export.js';
import { CALENDAR, type CalendarLive, type FolderKind } from './model.js';

type Fetch = (ctx: FetchContext, desired: MailboxSpec[]) => Promise<FetchResult<CalendarLive>>;

export function calendarToYaml(l: CalendarLive, notes: string[], f: FolderKind = CALENDAR): Record<string, unknown> | undefined {
  const DEFAULTS = f.defaults;
  const entries = Object.entries(l.entries).sort(byKey(([u]) => u));
  const special = entries.filter(([u, a]) => u in DEFAULTS && DEFAULTS[u] !== a);
  const named = entries.filter(([u]) => !(u in DEFAULTS));
  const ok = named.filter(([u]) => writableReference(u));
  const calendar = [...special, ...ok].map(([user, access]) => ({ user, access }));
  const out: Record<string, unknown> = {};
  if (calendar.length) out[f.field] = calendar;
  if (ok.length < named.length) {
    out.permissions = { mode: 'additive' };
    notes.push(`${count(named.length - ok.length, f.scope === 'Calendar' ? 'calendar permission' : 'contacts folder permission')} of users without an address not exported`);
  }
  return Object.keys(out).length ? out : undefined;
}

export async function exportCalendars(ctx: FetchContext, fetch: Fetch, f: FolderKind = CALENDAR): Promise<ExportResult> {
  const live = await fetchForAllMailboxes(ctx, fetch, { [f.field]: [] });
  const items: Record<string, unknown>[] = [];
  const notes: Record<string, string[]> = {};
  for (const l of [...live].sort(byKey((c) => c.address))) {
    const n: string[] = [];
    const yaml = calendarToYaml(l, n, f);
    if (yaml) items.push({ address: l.address, ...yaml });
    if (n.length) notes[l.address] = n;
  }
  return { section: 'mailboxes', items, notes };
}
