// Executes the planned grants and revocations: FullAccess through Add/Remove-MailboxPermission (AutoMapping as
// planned), SendAs through Add/Remove-RecipientPermission, SendOnBehalf in one Set-Mailbox with add/remove. A mailbox
// the same apply creates is waited for until Exchange has provisioned it. Nothing is read back or compared.
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { exchangeClient, identityOf, waitForMailbox, type WaitOptions } from '../exchange/common.js';

export async function applyMailboxPermission(change: Change, ctx: ApplyContext, wait: WaitOptions): Promise<ApplyResult> {
  const ops = opsOf(change, 'mailboxPermission');
  const ex = exchangeClient(ctx.clients);
  const address = change.address.slice('mailboxPermission:'.length);
  if (change.action === 'create') await waitForMailbox(ex, address, wait, ctx.clients.clock);
  for (const { trustee, autoMapping } of ops.fullAccess.add) {
    await ex.invoke('Add-MailboxPermission', { Identity: address, User: identityOf(trustee), AccessRights: ['FullAccess'], InheritanceType: 'All', AutoMapping: autoMapping });
  }
  for (const trustee of ops.fullAccess.remove) {
    await ex.invoke('Remove-MailboxPermission', { Identity: address, User: identityOf(trustee), AccessRights: ['FullAccess'], InheritanceType: 'All', Confirm: false });
  }
  for (const trustee of ops.sendAs.add) await ex.invoke('Add-RecipientPermission', { Identity: address, Trustee: identityOf(trustee), AccessRights: ['SendAs'], Confirm: false });
  for (const trustee of ops.sendAs.remove) {
    await ex.invoke('Remove-RecipientPermission', { Identity: address, Trustee: identityOf(trustee), AccessRights: ['SendAs'], Confirm: false });
  }
  const { add, remove } = ops.sendOnBehalf;
  if (add.length || remove.length) await ex.invoke('Set-Mailbox', { Identity: address, GrantSendOnBehalfTo: { add: add.map(identityOf), remove: remove.map(identityOf) } });
  return {};
}
