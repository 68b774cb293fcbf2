// Kind `mailboxPermission`: FullAccess, SendAs and SendOnBehalf of one mailbox, authoritative per declared list
// unless `permissions.mode: additive`. AutoMapping is used when FullAccess is granted; the service never reports
// it back (Get-MailboxPermission has no such field), so it is not compared.
import { mailboxPermissionChecks } from './checks.js';
import { EXCHANGE_SCOPED_LIMIT, invokeOne } from '../../clients/exchange-reads.js';
import type { ExchangeApi } from '../../clients/exchange.js';
import type { MailboxSpec } from '../../config/model.js';
import type { Kind } from '../contract.js';
import {
  DEFAULT_WAIT, EXCHANGE_PERMISSIONS, exchangeClient, identityOf, lower, normRef, readMailboxes, RecipientNames, sorted,
  type Row, type WaitOptions,
} from '../exchange/common.js';
import { applyMailboxPermission } from './apply.js';
import { diffMailboxPermissions } from './diff.js';
import { exportMailboxPermissions } from './export.js';
import { addressOf, type PermissionLive } from './model.js';

export type { PermissionLive } from './model.js';

const SELF = /^(NT AUTHORITY\\SELF|S-1-5-)/i;

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
    checks: mailboxPermissionChecks,
    shape: 'child', section: 'mailboxes', parent: 'mailbox', fields: ['permissions'], prefix: 'mailboxPermission',
      uses: ['permissions.fullAccess[].user', 'permissions.sendAs[]', 'permissions.sendOnBehalf[]'].map((field) => ({ field, types: ['user', 'group'] })),
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
    diff: diffMailboxPermissions,
    apply: (change, ctx) => applyMailboxPermission(change, ctx, wait),
  };
  kind.export = (ctx) => exportMailboxPermissions(ctx, kind.fetch);
  return kind;
}

export const mailboxPermissionKind = createMailboxPermissionKind();
