// Applying a mailbox change: New-Mailbox for shared and resource mailboxes, waiting for user mailboxes, then one
// cmdlet per settings area (Set-Mailbox, Set-CASMailbox, Set-CalendarProcessing, archive) and Graph for auto-reply.
import type { ExchangeApi } from '../../clients/exchange.js';
import { awaitReadable } from '../../clients/poll.js';
import type { Change, FieldChange } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { exchangeClient, waitForMailbox, type WaitOptions } from '../exchange/common.js';
import { regionalParams, settingsParams } from './settings.js';
import { BOOKING, CMDLET_TYPE, graphReplies, LIMITS, PROTOCOLS, type Flat, type MailboxType } from './state.js';

export async function applyMailbox(change: Change, ctx: ApplyContext, wait: WaitOptions): Promise<ApplyResult> {
  const ex = exchangeClient(ctx.clients);
  const address = change.address.slice('mailbox:'.length);
  if (change.action === 'delete') {
    await ex.invoke('Remove-Mailbox', { Identity: address, Confirm: false });
    return {};
  }
  const after = (change.after ?? {}) as Flat;
  let fields = change.fields;
  let id: string | undefined;
  if (change.action === 'create') {
    const type = after.type as MailboxType;
    if (type === 'user') {
      id = String((await waitForMailbox(ex, address, wait, ctx.clients.clock)).ExternalDirectoryObjectId ?? '');
      fields = fields.filter((f) => f.path !== 'type');
    } else {
      const alias = address.split('@')[0] as string;
      const [row] = await ex.invoke<Record<string, unknown>>('New-Mailbox', {
        [CMDLET_TYPE[type]]: true, Name: alias, Alias: alias, PrimarySmtpAddress: address,
        DisplayName: (after.displayName as string | undefined) ?? alias,
      });
      id = String(row?.ExternalDirectoryObjectId ?? '');
      fields = fields.filter((f) => f.path !== 'type' && f.path !== 'displayName');
      // The auto-reply is Graph's: the mailbox's account must have replicated to Graph before it is set, and before
      // the next plan reads it back (a 404 there makes that plan fail rather than guess). Still missing, the PATCH
      // below fails this change with Graph's 404.
      if (byPrefix(fields, 'autoReply.').length > 0) {
        await awaitReadable(ctx.clients.graph, `/users/${encodeURIComponent(id)}/mailboxSettings?$select=automaticRepliesSetting`, ctx.clients.clock);
      }
    }
  }
  await applySettings(ex, ctx, address, fields, after, id ?? String(change.before?.id ?? address));
  return id ? { id } : {};
}

const byPrefix = (fields: FieldChange[], prefix: string): FieldChange[] => fields.filter((f) => f.path.startsWith(prefix));
const field = (fields: FieldChange[], path: string): FieldChange | undefined => fields.find((f) => f.path === path);

function setMailboxParams(fields: FieldChange[], after: Flat): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  const f = (path: string) => field(fields, path);
  if (f('displayName')) p.DisplayName = after.displayName;
  if (f('hiddenFromAddressLists')) p.HiddenFromAddressListsEnabled = after.hiddenFromAddressLists;
  if (f('litigationHold')) p.LitigationHoldEnabled = after.litigationHold;
  if (f('forwarding.to')) p.ForwardingSmtpAddress = after['forwarding.to'] ? `smtp:${String(after['forwarding.to'])}` : null;
  if (f('forwarding.keepCopy')) p.DeliverToMailboxAndForward = after['forwarding.keepCopy'];
  for (const [key, [param, unit]] of Object.entries(LIMITS)) {
    const value = after[`limits.${key}`];
    if (f(`limits.${key}`)) p[param] = value === null ? 'Unlimited' : `${String(value)}${unit}`;
  }
  if (f('room.capacity')) p.ResourceCapacity = after['room.capacity'];
  const aliases = f('aliases');
  if (aliases) {
    p.EmailAddresses = aliases.added || aliases.removed
      ? { add: aliases.added ?? [], remove: aliases.removed ?? [] }
      : { add: (aliases.after as string[] | undefined) ?? [] };
  }
  return p;
}

async function applySettings(ex: ExchangeApi, ctx: ApplyContext, address: string, fields: FieldChange[], after: Flat, id: string): Promise<void> {
  // A type conversion goes first: resource settings are only accepted once the mailbox is a room or equipment.
  if (field(fields, 'type')) await ex.invoke('Set-Mailbox', { Identity: address, Type: CMDLET_TYPE[after.type as MailboxType] });
  const set = { ...setMailboxParams(fields, after), ...settingsParams(fields, after) };
  if (Object.keys(set).length > 0) await ex.invoke('Set-Mailbox', { Identity: address, ...set });

  const regional = regionalParams(fields, after);
  if (Object.keys(regional).length > 0) await ex.invoke('Set-MailboxRegionalConfiguration', { Identity: address, ...regional });
  const cas = byPrefix(fields, 'protocols.');
  if (cas.length > 0) {
    const p = Object.fromEntries(cas.map((c) => [PROTOCOLS[c.path.slice(10)] as string, c.after]));
    await ex.invoke('Set-CASMailbox', { Identity: address, ...p });
  }
  const booking = byPrefix(fields, 'room.').filter((c) => c.path !== 'room.capacity');
  if (booking.length > 0) {
    const p = Object.fromEntries(booking.map((c) => [BOOKING[c.path.slice(5)] as string, c.after]));
    await ex.invoke('Set-CalendarProcessing', { Identity: address, ...p });
  }
  const archive = field(fields, 'archive');
  if (archive) await ex.invoke(archive.after ? 'Enable-Mailbox' : 'Disable-Mailbox', { Identity: address, Archive: true, ...(archive.after ? {} : { Confirm: false }) });

  if (byPrefix(fields, 'autoReply.').length > 0) {
    await ctx.clients.graph.patch(`/users/${encodeURIComponent(id)}/mailboxSettings`, { automaticRepliesSetting: graphReplies(after) });
  }
}
