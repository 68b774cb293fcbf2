// Reads a mailbox's calendar folder: its real name, found with Get-MailboxFolderStatistics -FolderScope Calendar
// (FolderType Calendar; `mailbox:\Calendar` is wrong in a German mailbox, `Kalender`), and its permission entries.
import type { ExchangeApi } from '../../clients/exchange.js';
import { isNotFound } from '../../clients/exchange.js';
import { lower, type Row } from '../exchange/common.js';
import { calendarUser, type CalendarLive } from './model.js';

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

export async function readCalendar(ex: ExchangeApi, address: string): Promise<CalendarLive | undefined> {
  const folder = await calendarFolder(ex, address);
  if (folder === undefined) return undefined;
  const rows = await ex.invoke<Row>('Get-MailboxFolderPermission', { Identity: `${address}:\\${folder}` });
  const entries: Record<string, string> = {};
  for (const r of rows) entries[userOf(r)] = String((Array.isArray(r.AccessRights) ? r.AccessRights[0] : r.AccessRights) ?? 'None');
  return { address, folder, entries };
}
