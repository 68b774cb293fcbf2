// Reads a mailbox's calendar folder: its real name, found with Get-MailboxFolderStatistics -FolderScope Calendar
// (FolderType Calendar; `mailbox:\Calendar` is wrong in a German mailbox, `Kalender`), and its permission entries.
import type { ExchangeApi } from '../../clients/exchange.js';
import { isNotFound } from '../../clients/exchange.js';
import type { ReadSession } from '../../clients/session.js';
import { lower, type Row } from '../exchange/common.js';
import { CALENDAR, calendarUser, type CalendarLive, type FolderKind } from './model.js';

function userOf(row: Row): string {
  const u = row.User as { UserType?: string; DisplayName?: string; RecipientPrincipal?: { PrimarySmtpAddress?: string } | null } | string;
  if (typeof u === 'string') return calendarUser(u);
  if (u?.UserType === 'Default' || u?.UserType === 'Anonymous') return u.UserType;
  return lower(u?.RecipientPrincipal?.PrimarySmtpAddress ?? u?.DisplayName ?? '');
}

/** The calendar's (or contacts folder's) name, or undefined when the mailbox does not exist. */
export async function calendarFolder(ex: ExchangeApi, address: string, scope: FolderKind['scope'] = 'Calendar'): Promise<string | undefined> {
  const folders = await ex.invoke<Row>('Get-MailboxFolderStatistics', { Identity: address, FolderScope: scope }).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!folders) return undefined;
  const folder = folders.find((f) => f.FolderType === scope);
  if (!folder) throw new Error(`the mailbox ${address} reports no folder of type ${scope}`);
  return String(folder.Name);
}

/**
 * The calendar's name, looked up once per mailbox in this run: apply's re-derivation and apply share it. A new run
 * (the next plan) looks it up again, so a mailbox whose language changed is never read under its old folder name.
 */
export async function sessionCalendarFolder(ex: ExchangeApi, session: ReadSession, address: string, scope: FolderKind['scope'] = 'Calendar'): Promise<string | undefined> {
  const found = await session.memo(`${scope.toLowerCase()}-folder:${lower(address)}`, () => calendarFolder(ex, address, scope));
  // No mailbox yet is not kept: the same apply may be creating it.
  return found ?? calendarFolder(ex, address, scope);
}

export async function readCalendar(ex: ExchangeApi, session: ReadSession, address: string, f: FolderKind = CALENDAR): Promise<CalendarLive | undefined> {
  const folder = await sessionCalendarFolder(ex, session, address, f.scope);
  if (folder === undefined) return undefined;
  const rows = await ex.invoke<Row>('Get-MailboxFolderPermission', { Identity: `${address}:\\${folder}` });
  const entries: Record<string, string> = {};
  for (const r of rows) entries[userOf(r)] = String((Array.isArray(r.AccessRights) ? r.AccessRights[0] : r.AccessRights) ?? 'None');
  return { address, folder, entries };
}
