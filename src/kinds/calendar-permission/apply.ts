// Executes the planned calendar entries on the folder the plan read: Add-MailboxFolderPermission for a new user,
// Set-MailboxFolderPermission for a changed level (and for Default and Anonymous), Remove- for the rest. A mailbox
// the same apply creates is waited for and its calendar's (localized) name read, which the plan could not know.
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { exchangeClient, waitForMailbox, type WaitOptions } from '../exchange/common.js';
import { sessionCalendarFolder } from './fetch.js';
import { CALENDAR, type FolderKind } from './model.js';

export async function applyCalendar(change: Change, ctx: ApplyContext, wait: WaitOptions, f: FolderKind = CALENDAR): Promise<ApplyResult> {
  const ops = opsOf(change, f.op);
  const ex = exchangeClient(ctx.clients);
  const address = change.address.slice(`${f.kind}:`.length);
  let folder = typeof change.before?.folder === 'string' ? change.before.folder : undefined;
  if (!folder) {
    await waitForMailbox(ex, address, wait, ctx.clients.clock);
    folder = await sessionCalendarFolder(ex, ctx.session, address, f.scope);
  }
  const identity = `${address}:\\${folder}`;
  for (const e of ops.add) await ex.invoke('Add-MailboxFolderPermission', { Identity: identity, User: e.user, AccessRights: [e.access] });
  for (const e of ops.set) await ex.invoke('Set-MailboxFolderPermission', { Identity: identity, User: e.user, AccessRights: [e.access] });
  for (const user of ops.remove) await ex.invoke('Remove-MailboxFolderPermission', { Identity: identity, User: user, Confirm: false });
  return {};
}
