// Kind `mailbox`: user, shared, room and equipment mailboxes and their settings (addresses, forwarding, limits,
// protocols, archive, litigation hold, booking, auto-reply). Shared and resource mailboxes are created and removed;
// user mailboxes come from licensing, so their settings wait for the mailbox at apply time.
import type { MailboxSpec, TenantConfig } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { invokeOne, invokeScoped } from '../../clients/exchange-reads.js';
import { DEFAULT_WAIT, EXCHANGE_PERMISSIONS, exchangeClient, lower, readMailboxes, RecipientNames, type Row, type WaitOptions } from '../exchange/common.js';
import { applyMailbox } from './apply.js';
import { diffMailboxes, mailboxAddress } from './diff.js';
import { addAutoReply, addBooking, addCas, fromMailboxRow, type MailboxLive } from './state.js';
import { exportMailboxes } from './export.js';
import { addRegional, addRestrictions, readPolicies } from './settings.js';

export { mailboxAddress };

function declared(config: TenantConfig): MailboxSpec[] {
  return config.mailboxes ?? [];
}

const hasBooking = (s: MailboxSpec): boolean =>
  !!s.room && Object.keys(s.room).some((k) => k !== 'capacity');

async function fetchMailboxes(ctx: Parameters<Kind<MailboxSpec, MailboxLive>['fetch']>[0], desired: MailboxSpec[]) {
  const ex = exchangeClient(ctx.clients);
  const wanted = new Map(desired.map((d) => [lower(d.address), d]));
  const rows = await readMailboxes(ex, [...wanted.keys()], ctx.prune);
  const live = [...rows.values()].map(fromMailboxRow).filter((l) => ctx.prune || wanted.has(l.address));
  const byAddress = new Map(live.map((l) => [l.address, l]));
  const present = (pred: (s: MailboxSpec) => boolean): MailboxLive[] =>
    desired.filter((d) => d.ensure !== 'absent' && pred(d)).flatMap((d) => byAddress.get(lower(d.address)) ?? []);

  const withProtocols = present((d) => !!d.protocols);
  if (withProtocols.length > 0) {
    const cas = await invokeScoped(ex, 'Get-CASMailbox', withProtocols.map((l) => l.address), { list: { ResultSize: 'Unlimited' } });
    const casBy = new Map(cas.map((r) => [lower(String(r.PrimarySmtpAddress)), r]));
    for (const l of withProtocols) addCas(l, casBy.get(l.address) ?? ({} as Row));
  }
  await Promise.all(present(hasBooking).map(async (l) => addBooking(l, (await invokeOne(ex, 'Get-CalendarProcessing', l.address)) ?? {})));

  const withReplies = present((d) => !!d.autoReply);
  if (withReplies.length > 0) {
    const answers = await ctx.clients.graph.batch<{ automaticRepliesSetting?: Record<string, never> }>(
      withReplies.map((l, i) => ({ id: String(i), method: 'GET', url: `/users/${encodeURIComponent(l.id)}/mailboxSettings?$select=automaticRepliesSetting` })),
    );
    answers.forEach((a, i) => {
      if (a.status !== 200) throw new Error(`reading the auto-reply of ${withReplies[i]!.address} failed: HTTP ${a.status} ${JSON.stringify(a.body)}`);
      addAutoReply(withReplies[i]!, a.body?.automaticRepliesSetting ?? {});
    });
  }
  await Promise.all(present((d) => !!d.regional).map(async (l) => addRegional(l, (await invokeOne(ex, 'Get-MailboxRegionalConfiguration', l.address)) ?? {})));
  const names = new RecipientNames(ex);
  await Promise.all(present((d) => !!d.deliveryRestrictions).map((l) => addRestrictions(l, rows.get(l.address) ?? {}, names)));
  const policies = desired.some((d) => d.policies) ? await readPolicies(ex, ctx.session) : undefined;
  return { live, complete: ctx.prune, ...(policies ? { facts: { policies } } : {}) };
}

export function createMailboxKind(wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, MailboxLive> {
  const kind: Kind<MailboxSpec, MailboxLive> = {
    kind: 'mailbox',
    shape: 'collection', section: 'mailboxes', listKey: ['address'], keyLabel: 'mailbox address', prefix: 'mailbox',
      schema: 'mailboxes.schema.json', offers: [{ type: 'recipient', field: 'address', inTenant: true }, { type: 'recipient', field: 'aliases[]', inTenant: true }],
      uses: [{ field: 'forwarding.to', types: ['user', 'group'] }, { field: 'deliveryRestrictions.acceptFrom[]', types: ['user', 'group'] },
        { field: 'deliveryRestrictions.rejectFrom[]', types: ['user', 'group'] }],
    // Automatic replies live in Graph's mailboxSettings.
    permissions: {
      read: { ...EXCHANGE_PERMISSIONS.read, graph: ['MailboxSettings.Read'] },
      write: { ...EXCHANGE_PERMISSIONS.write, graph: ['MailboxSettings.ReadWrite'] },
    },
    pruneKey: 'mailboxes',
    select: declared,
    address: (o) => mailboxAddress(o.address),
    fetch: fetchMailboxes,
    diff: diffMailboxes,
    apply: (change, ctx) => applyMailbox(change, ctx, wait),
  };
  kind.export = (ctx) => exportMailboxes(ctx, kind.fetch);
  return kind;
}

export const mailboxKind = createMailboxKind();
