// Kind `mailUser`: Exchange Online mail users, keyed by user principal name (MicrosoftOnlineServicesID), compared
// case-insensitively in NFC. A mail user is an Entra account with an address in the tenant and no mailbox; mail sent
// to it goes to its externalEmailAddress. Its account belongs to this kind, never to `users` (see user/diff.ts).
// New-MailUser needs an initial password: it comes from the secret source as a new user's does, at apply time only.
import type { MailUserSpec, TenantConfig } from '../../config/model.js';
import type { Change, Diagnostic } from '../../plan/types.js';
import type { ApplyContext, ApplyResult, DiffContext, DiffResult, Kind, ProposedChange } from '../contract.js';
import { EXCHANGE_PERMISSIONS, exchangeClient, lower, scalarChanges, type Row } from '../exchange/common.js';
import { byKey, count } from '../shared/export.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';
import { initialPassword } from '../user/password.js';
import { addressOf, desiredFlat, fromRow, view, type MailUserLive } from './state.js';

function planMailUser(d: MailUserSpec, found: MailUserLive | undefined): ProposedChange | undefined {
  const l = found && (view(found) as MailUserLive);
  const want = desiredFlat(d);
  if (!l) want.displayName ??= lower(d.userPrincipalName).split('@')[0];
  const fields = scalarChanges(want, l);
  if (fields.length === 0) return undefined;
  const after = { ...(l ?? { userPrincipalName: lower(d.userPrincipalName), aliases: [] }), ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  const base = { kind: 'mailUser', address: addressOf(d.userPrincipalName), after };
  if (l) return { ...base, action: 'update', fields, before: l, reason: 'field_changed' };
  return { ...base, action: 'create', fields: [...fields, { path: 'password', sensitive: true }], before: null, reason: 'missing' };
}

/** An account is a mail user's or a user's, never both: `users` may not name a declared mail user. */
function validateMailUsers(config: TenantConfig): Diagnostic[] {
  const mine = new Set((config.mailUsers ?? []).map((m) => normalKey(m.userPrincipalName)));
  return (config.users ?? []).flatMap((u, i): Diagnostic[] => (mine.has(normalKey(u.userPrincipalName)) ? [{
    severity: 'error', address: addressOf(u.userPrincipalName), path: `users[${i}].userPrincipalName`,
    summary: `${u.userPrincipalName} is declared in mailUsers: its account is the mail user's; remove it from users (declare its displayName on the mail user)`,
  }] : []));
}

function diffMailUsers(desired: MailUserSpec[], live: MailUserLive[], ctx: DiffContext): DiffResult {
  const path = (d: MailUserSpec): string => `mailUsers[${desired.indexOf(d)}]`;
  const diagnostics: Diagnostic[] = validateMailUsers(ctx.tenant);
  const rules: Collection<MailUserSpec, MailUserLive> = {
    kind: 'mailUser',
    address: (o) => addressOf(o.userPrincipalName),
    id: (l) => l.id ?? l.userPrincipalName,
    path,
    absent: (d) => d.ensure === 'absent',
    create(d) {
      // New-MailUser delivers to ExternalEmailAddress; nothing is guessed for a mail user without one.
      if (d.externalEmailAddress === undefined) {
        diagnostics.push({ severity: 'error', summary: `${d.userPrincipalName} does not exist: declare its externalEmailAddress to create it`, address: addressOf(d.userPrincipalName), path: `${path(d)}.externalEmailAddress` });
        return undefined;
      }
      return planMailUser(d, undefined);
    },
    update: planMailUser,
    remove: (l, reason) => ({ kind: 'mailUser', address: addressOf(l.userPrincipalName), action: 'delete', fields: [], before: view(l), after: null, reason }),
  };
  const out = reconcile(rules, desired, live, ctx);
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}

async function applyMailUser(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const ex = exchangeClient(ctx.clients);
  const upn = change.address.slice('mailUser:'.length);
  if (change.action === 'delete') {
    await ex.invoke('Remove-MailUser', { Identity: upn, Confirm: false });
    return {};
  }
  const after = (change.after ?? {}) as Record<string, unknown>;
  const changed = new Set(change.fields.map((f) => f.path));
  const p: Record<string, unknown> = {};
  if (changed.has('displayName')) p.DisplayName = after.displayName;
  if (changed.has('externalEmailAddress')) p.ExternalEmailAddress = after.externalEmailAddress;
  // The list is sent whole, primary first, as Set-MailUser -EmailAddresses replaces it.
  const aliases = Array.isArray(after.aliases) ? after.aliases.map(String) : [];
  const emailAddresses = [`SMTP:${upn}`, ...aliases.map((a) => `smtp:${a}`)];
  if (change.action === 'create') {
    await ex.invoke('New-MailUser', {
      // Name must be unique among recipients and is at most 64 characters; the UPN is unique, display names need not be.
      Name: upn.slice(0, 64), DisplayName: after.displayName, MicrosoftOnlineServicesID: upn,
      ExternalEmailAddress: after.externalEmailAddress, Password: initialPassword(ctx),
    });
    if (aliases.length > 0) await ex.invoke('Set-MailUser', { Identity: upn, EmailAddresses: emailAddresses });
    return {};
  }
  if (changed.has('aliases')) p.EmailAddresses = emailAddresses;
  if (Object.keys(p).length > 0) await ex.invoke('Set-MailUser', { Identity: upn, ...p });
  return {};
}

export function mailUserToYaml(l: MailUserLive): Record<string, unknown> {
  const out: Record<string, unknown> = { userPrincipalName: l.userPrincipalName, displayName: l.displayName, externalEmailAddress: l.externalEmailAddress };
  if (l.aliases.length > 0) out.aliases = l.aliases;
  return out;
}

export const mailUserKind: Kind<MailUserSpec, MailUserLive> = {
  kind: 'mailUser',
  shape: 'collection', section: 'mailUsers', listKey: ['userPrincipalName'], keyLabel: 'mail user principal name',
  prefix: 'mailUser', schema: 'mailUsers.schema.json',
  offers: [{ type: 'recipient', field: 'userPrincipalName', inTenant: true }],
  permissions: EXCHANGE_PERMISSIONS,
  pruneKey: 'mailUsers',
  select: (config) => config.mailUsers ?? [],
  address: (o) => addressOf(o.userPrincipalName),
  async fetch(ctx, desired) {
    // Nothing declared and nothing to prune: no request at all.
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const ex = exchangeClient(ctx.clients);
    const wanted = new Set(desired.map((d) => normalKey(d.userPrincipalName)));
    const rows = await ex.invoke<Row>('Get-MailUser', { ResultSize: 'Unlimited' });
    return { live: rows.map(fromRow).filter((l) => ctx.prune || wanted.has(normalKey(l.userPrincipalName))), complete: true };
  },
  validate: validateMailUsers,
  diff: diffMailUsers,
  apply: applyMailUser,
  async export(ctx) {
    const { live } = await mailUserKind.fetch({ ...ctx, prune: true }, []);
    const items = [...live].sort(byKey((m) => m.userPrincipalName)).map(mailUserToYaml);
    return { section: 'mailUsers', items, comments: [count(items.length, 'mail user')] };
  },
};
