// Kind `calendarPermission`: the permission entries of a mailbox's calendar folder. The folder is addressed by its
// real name, found with Get-MailboxFolderStatistics -FolderScope Calendar (FolderType Calendar): `mailbox:\Calendar`
// is wrong in a German mailbox (`Kalender`), and there may even name a user's own folder.
// Default and Anonymous are set when declared and otherwise left alone; named users are authoritative unless
// `permissions.mode: additive`.
import type { ExchangeApi } from '../../clients/exchange.js';
import { isNotFound } from '../../clients/exchange.js';
import type { MailboxSpec } from '../../config/model.js';
import type { FieldChange } from '../../plan/types.js';
import type { Kind, ProposedChange } from '../contract.js';
import { DEFAULT_WAIT, EXCHANGE_PERMISSIONS, exchangeClient, lower, waitForMailbox, type Row, type WaitOptions } from '../exchange/common.js';
import { exportCalendars } from './export.js';

export interface CalendarLive extends Record<string, unknown> {
  address: string;
  /** The folder's real (possibly localized) name. */
  folder: string;
  entries: Record<string, string>;
}

const addressOf = (a: string): string => `calendarPermission:${lower(a)}`;
const SPECIAL = /^(default|anonymous)$/i;
export const calendarUser = (u: string): string => (SPECIAL.test(u) ? u[0]!.toUpperCase() + u.slice(1).toLowerCase() : lower(u));

function userOf(row: Row): string {
  const u = row.User as { UserType?: string; DisplayName?: string; RecipientPrincipal?: { PrimarySmtpAddress?: string } | null } | string;
  if (typeof u === 'string') return calendarUser(u);
  if (u?.UserType === 'Default' || u?.UserType === 'Anonymous') return u.UserType;
  return lower(u?.RecipientPrincipal?.PrimarySmtpAddress ?? u?.DisplayName ?? '');
}

/** The calendar's name, or undefined when the mailbox does not exist. */
export async function calendarFolder(ex: ExchangeApi, address: string): Promise<string | undefined> {
  const folders = await ex.invoke<Row>('Get-MailboxFolderStatistics', { Identity: address, FolderScope: 'Calendar' }).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!folders) return undefined;
  const calendar = folders.find((f) => f.FolderType === 'Calendar');
  if (!calendar) throw new Error(`the mailbox ${address} reports no folder of type Calendar`);
  return String(calendar.Name);
}

/**
 * Calendar names found, per Exchange client (one tenant's session), so that a run looks each mailbox's name up once:
 * plan, apply's re-derivation and apply itself share it. Only names of folders of type Calendar are kept, and a kept
 * name the mailbox no longer has is looked up again, so the cache can cost a request but never read the wrong folder.
 */
const knownFolders = new WeakMap<ExchangeApi, Map<string, string>>();

function folderCache(ex: ExchangeApi): Map<string, string> {
  let cache = knownFolders.get(ex);
  if (!cache) knownFolders.set(ex, (cache = new Map()));
  return cache;
}

/** The calendar's name, from this run's earlier lookup when there was one. */
export async function cachedCalendarFolder(ex: ExchangeApi, address: string): Promise<string | undefined> {
  const cache = folderCache(ex);
  const known = cache.get(address);
  if (known !== undefined) return known;
  const folder = await calendarFolder(ex, address);
  if (folder !== undefined) cache.set(address, folder);
  return folder;
}

async function folderRows(ex: ExchangeApi, address: string): Promise<{ folder: string; rows: Row[] } | undefined> {
  const cached = folderCache(ex).has(address);
  const folder = await cachedCalendarFolder(ex, address);
  if (folder === undefined) return undefined;
  try {
    return { folder, rows: await ex.invoke<Row>('Get-MailboxFolderPermission', { Identity: `${address}:\\${folder}` }) };
  } catch (error) {
    if (!cached || !isNotFound(error)) throw error;
    // The mailbox's language (and so its calendar's name) changed since the lookup, or the mailbox went: ask again.
    folderCache(ex).delete(address);
    return folderRows(ex, address);
  }
}

async function readCalendar(ex: ExchangeApi, address: string): Promise<CalendarLive | undefined> {
  const read = await folderRows(ex, address);
  if (read === undefined) return undefined;
  const { folder, rows } = read;
  const entries: Record<string, string> = {};
  for (const r of rows) entries[userOf(r)] = String((Array.isArray(r.AccessRights) ? r.AccessRights[0] : r.AccessRights) ?? 'None');
  return { address, folder, entries };
}

export function diffCalendar(d: MailboxSpec, l: CalendarLive | undefined): ProposedChange | undefined {
  const want = new Map((d.calendar ?? []).map((c) => [calendarUser(c.user), c.access as string]));
  const have = l?.entries ?? {};
  const fields: FieldChange[] = [];
  for (const [user, access] of want) if (have[user] !== access) fields.push({ path: `calendar[${user}]`, before: have[user], after: access });
  if (d.permissions?.mode !== 'additive') {
    for (const [user, access] of Object.entries(have)) {
      if (!SPECIAL.test(user) && !want.has(user)) fields.push({ path: `calendar[${user}]`, before: access });
    }
  }
  if (fields.length === 0) return undefined;
  const entries = { ...have };
  for (const f of fields) {
    const user = f.path.slice(9, -1);
    if (f.after === undefined) delete entries[user];
    else entries[user] = String(f.after);
  }
  const users = [...want.keys()].filter((u) => !SPECIAL.test(u));
  return {
    kind: 'calendarPermission', address: addressOf(d.address), action: l ? 'update' : 'create', fields, before: l ?? null,
    after: { address: lower(d.address), folder: l?.folder ?? null, entries }, reason: l ? 'field_changed' : 'missing',
    dependsOn: [`mailbox:${lower(d.address)}`, ...users.map((u) => `user:${u}`)],
  };
}

export function createCalendarPermissionKind(wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, CalendarLive> {
  const kind: Kind<MailboxSpec, CalendarLive> = {
    kind: 'calendarPermission',
    permissions: EXCHANGE_PERMISSIONS,
    select: (config) => (config.mailboxes ?? []).filter((m) => m.ensure !== 'absent' && m.calendar),
    address: (o) => addressOf(o.address),
    async fetch(ctx, desired) {
      const ex = exchangeClient(ctx.clients);
      const live = await Promise.all(desired.map((d) => readCalendar(ex, lower(d.address))));
      return { live: live.filter((l): l is CalendarLive => l !== undefined), complete: false };
    },
    diff(desired, live) {
      const byAddress = new Map(live.map((l) => [l.address, l]));
      return { changes: desired.flatMap((d) => diffCalendar(d, byAddress.get(lower(d.address))) ?? []) };
    },
    async apply(change, ctx) {
      const ex = exchangeClient(ctx.clients);
      const address = change.address.slice('calendarPermission:'.length);
      let folder = (change.before as CalendarLive | null)?.folder;
      if (!folder) {
        await waitForMailbox(ex, address, wait);
        folder = await cachedCalendarFolder(ex, address);
      }
      const identity = `${address}:\\${folder}`;
      for (const f of change.fields) {
        const user = f.path.slice(9, -1);
        if (f.after === undefined) await ex.invoke('Remove-MailboxFolderPermission', { Identity: identity, User: user, Confirm: false });
        else if (f.before === undefined && !SPECIAL.test(user)) await ex.invoke('Add-MailboxFolderPermission', { Identity: identity, User: user, AccessRights: [f.after] });
        else await ex.invoke('Set-MailboxFolderPermission', { Identity: identity, User: user, AccessRights: [f.after] });
      }
      return {};
    },
  };
  kind.export = (ctx) => exportCalendars(ctx, kind.fetch);
  return kind;
}

export const calendarPermissionKind = createCalendarPermissionKind();
