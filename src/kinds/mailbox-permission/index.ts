// Kind `mailboxPermission`: FullAccess, SendAs and SendOnBehalf of one mailbox, authoritative per declared list
// unless `permissions.mode: additive`. AutoMapping is used when FullAccess is granted; the service never reports
// it back (Get-MailboxPermission has no such field), so it is not compared.
import { EXCHANGE_SCOPED_LIMIT, invokeOne } from '../../clients/exchange-reads.js';
import type { ExchangeApi } from '../../clients/exchange.js';
import type { MailboxSpec } from '../../config/model.js';
import type { Kind, ProposedChange } from '../contract.js';
import {
  DEFAULT_WAIT, EXCHANGE_PERMISSIONS, exchangeClient, identityOf, listChange, lower, normRef, readMailboxes, RecipientNames, sorted,
  waitForMailbox, type Row, type WaitOptions,
} from '../exchange/common.js';
import { exportMailboxPermissions } from './export.js';

export interface PermissionLive extends Record<string, unknown> {
  address: string;
  fullAccess: string[];
  sendAs: string[];
  sendOnBehalf: string[];
}

const SELF = /^(NT AUTHORITY\\SELF|S-1-5-)/i;
const addressOf = (a: string): string => `mailboxPermission:${lower(a)}`;

const fullAccessOf = (rows: Row[]): string[] => sorted(rows
  .filter((r) => r.IsInherited !== true && r.Deny !== true && !SELF.test(String(r.User)))
  .filter((r) => (Array.isArray(r.AccessRights) ? r.AccessRights : [r.AccessRights]).map(String).includes('FullAccess'))
  .map((r) => lower(String(r.User))));

const sendAsOf = (rows: Row[]): string[] => sorted(rows
  .filter((r) => r.IsInherited !== true && r.AccessControlType !== 'Deny' && !SELF.test(String(r.Trustee)))
  .map((r) => lower(String(r.Trustee))));

/**
 * Permission entries name a group trustee by its address; the YAML names it `group:<mailNickname>`. One read per
 * declared group trustee maps the one to the other.
 */
async function groupTrustees(ex: ExchangeApi, desired: MailboxSpec[]): Promise<(trustee: string) => string> {
  const refs = sorted(desired.flatMap((d) => [...(d.permissions?.fullAccess ?? []).map((f) => f.user), ...(d.permissions?.sendAs ?? [])])
    .map(normRef).filter((r) => r.startsWith('group:')));
  const byAddress = new Map<string, string>();
  await Promise.all(refs.map(async (ref) => {
    const row = await invokeOne(ex, 'Get-DistributionGroup', identityOf(ref));
    if (row) byAddress.set(lower(String(row.PrimarySmtpAddress)), ref);
  }));
  return (trustee) => byAddress.get(trustee) ?? trustee;
}

function select(mailboxes: MailboxSpec[] | undefined): MailboxSpec[] {
  return (mailboxes ?? []).filter((m) => m.ensure !== 'absent' && m.permissions);
}

export function createMailboxPermissionKind(wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, PermissionLive> {
  const kind: Kind<MailboxSpec, PermissionLive> = {
    kind: 'mailboxPermission',
    permissions: EXCHANGE_PERMISSIONS,
    pruneKey: 'mailboxPermissions',
    select: (config) => select(config.mailboxes),
    address: (o) => addressOf(o.address),
    async fetch(ctx, desired) {
      const ex = exchangeClient(ctx.clients);
      const mailboxes = await readMailboxes(ex, desired.map((d) => lower(d.address)), false);
      const present = desired.map((d) => mailboxes.get(lower(d.address))).filter((r): r is Row => r !== undefined);
      const names = new RecipientNames(ex);
      const asRef = await groupTrustees(ex, desired);
      let sendAsRows: Row[] | undefined;
      if (present.length > EXCHANGE_SCOPED_LIMIT) sendAsRows = await ex.invoke<Row>('Get-RecipientPermission', { ResultSize: 'Unlimited', AccessRights: 'SendAs' });
      const live = await Promise.all(present.map(async (m): Promise<PermissionLive> => {
        const address = lower(String(m.PrimarySmtpAddress));
        const [full, sendAs] = await Promise.all([
          ex.invoke<Row>('Get-MailboxPermission', { Identity: address }),
          sendAsRows ? sendAsRows.filter((r) => r.Identity === m.Identity) : ex.invoke<Row>('Get-RecipientPermission', { Identity: address }),
        ]);
        return { address, fullAccess: sorted(fullAccessOf(full).map(asRef)), sendAs: sorted(sendAsOf(sendAs).map(asRef)), sendOnBehalf: await names.all(m.GrantSendOnBehalfTo) };
      }));
      return { live, complete: false };
    },
    diff(desired, live) {
      const byAddress = new Map(live.map((l) => [l.address, l]));
      const changes: ProposedChange[] = [];
      for (const d of desired) {
        const p = d.permissions ?? {};
        const additive = p.mode === 'additive';
        const l = byAddress.get(lower(d.address));
        const have = l ?? { address: lower(d.address), fullAccess: [], sendAs: [], sendOnBehalf: [] };
        const fields = [
          listChange('fullAccess', p.fullAccess?.map((f) => f.user), have.fullAccess, additive),
          listChange('sendAs', p.sendAs, have.sendAs, additive),
          listChange('sendOnBehalf', p.sendOnBehalf, have.sendOnBehalf, additive),
        ].filter((f) => f !== undefined);
        if (fields.length === 0) continue;
        const autoMapping = Object.fromEntries((p.fullAccess ?? []).map((f) => [normRef(f.user), f.autoMapping ?? true]));
        const after = { ...have, ...Object.fromEntries(fields.map((f) => [f.path, f.after])), autoMapping };
        const trustees = [...(p.fullAccess ?? []).map((f) => f.user), ...(p.sendAs ?? []), ...(p.sendOnBehalf ?? [])].map(normRef);
        changes.push({
          kind: 'mailboxPermission', address: addressOf(d.address), action: l ? 'update' : 'create', fields, before: l ?? null, after,
          reason: l ? 'field_changed' : 'missing',
          dependsOn: [`mailbox:${lower(d.address)}`, ...trustees.flatMap((t) => (t.startsWith('group:') ? [t, `distributionGroup:${t.slice(6)}`] : [`user:${t}`]))],
        });
      }
      return { changes };
    },
    async apply(change, ctx) {
      const ex = exchangeClient(ctx.clients);
      const address = change.address.slice('mailboxPermission:'.length);
      if (change.action === 'create') await waitForMailbox(ex, address, wait, ctx.clients.clock);
      const autoMapping = (change.after?.autoMapping ?? {}) as Record<string, boolean>;
      for (const f of change.fields) {
        for (const user of (f.added ?? []) as string[]) {
          if (f.path === 'fullAccess') {
            await ex.invoke('Add-MailboxPermission', { Identity: address, User: identityOf(user), AccessRights: ['FullAccess'], InheritanceType: 'All', AutoMapping: autoMapping[user] ?? true });
          } else if (f.path === 'sendAs') {
            await ex.invoke('Add-RecipientPermission', { Identity: address, Trustee: identityOf(user), AccessRights: ['SendAs'], Confirm: false });
          }
        }
        for (const user of (f.removed ?? []) as string[]) {
          if (f.path === 'fullAccess') {
            await ex.invoke('Remove-MailboxPermission', { Identity: address, User: identityOf(user), AccessRights: ['FullAccess'], InheritanceType: 'All', Confirm: false });
          } else if (f.path === 'sendAs') {
            await ex.invoke('Remove-RecipientPermission', { Identity: address, Trustee: identityOf(user), AccessRights: ['SendAs'], Confirm: false });
          }
        }
        if (f.path === 'sendOnBehalf') {
          await ex.invoke('Set-Mailbox', { Identity: address, GrantSendOnBehalfTo: { add: (f.added ?? []).map((u) => identityOf(String(u))), remove: (f.removed ?? []).map((u) => identityOf(String(u))) } });
        }
      }
      return {};
    },
  };
  kind.export = (ctx) => exportMailboxPermissions(ctx, kind.fetch);
  return kind;
}

export const mailboxPermissionKind = createMailboxPermissionKind();
