// Pure diff of mailboxes on the reconcile core: declared settings only, shared and resource mailboxes created and
// deleted, user mailboxes waited for (they come from licensing) and never deleted or pruned here.
import type { MailboxSpec } from '../../config/model.js';
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { lower, scalarChanges } from '../exchange/common.js';
import { leavers, retiredLeavers } from '../shared/lifecycle.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';
import { desiredFlat, type Flat, type MailboxLive } from './state.js';
import { resolvePolicies, settingsDeps, type PolicyNames } from './settings.js';

export const mailboxAddress = (address: string): string => `mailbox:${lower(address)}`;

/** The mailbox's own account, and the mailbox it forwards to, come first when they are in the same plan. */
function base(d: MailboxSpec): Pick<ProposedChange, 'kind' | 'address' | 'dependsOn'> {
  return { kind: 'mailbox', address: mailboxAddress(d.address), dependsOn: [`user:${lower(d.address)}`, ...(d.forwarding ? [`mailbox:${lower(d.forwarding.to)}`] : []), ...settingsDeps(d)] };
}

function createMailbox(d: MailboxSpec, want: Flat): ProposedChange {
  const type = d.type ?? 'user';
  const fields = scalarChanges({ ...want, type }, undefined);
  const after = { address: lower(d.address), ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  const reason = type === 'user' ? 'mailbox_not_provisioned' : 'missing';
  return { ...base(d), action: 'create', fields, before: null, after, reason };
}

function updateMailbox(d: MailboxSpec, l: MailboxLive, want: Flat): ProposedChange | undefined {
  const fields = scalarChanges({ ...want, aliases: undefined }, l);
  const aliases = aliasChange(want.aliases as string[] | undefined, l);
  if (aliases) fields.push(aliases);
  if (fields.length === 0) return undefined;
  const after: MailboxLive = { ...l, ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  return { ...base(d), action: 'update', fields, before: l, after, reason: 'field_changed' };
}

/** Secondary addresses; the tenant's own *.onmicrosoft.com address is left alone unless the YAML lists one. */
function aliasChange(want: string[] | undefined, l: MailboxLive): FieldChange | undefined {
  if (want === undefined) return undefined;
  const keepInitial = !want.some((a) => a.endsWith('.onmicrosoft.com'));
  const have = (l.aliases as string[]).filter((a) => !(keepInitial && a.endsWith('.onmicrosoft.com')));
  const added = want.filter((a) => !have.includes(a));
  const removed = have.filter((a) => !want.includes(a));
  if (added.length === 0 && removed.length === 0) return undefined;
  return { path: 'aliases', before: l.aliases, after: [...(l.aliases as string[]).filter((a) => !removed.includes(a)), ...added].sort(), added, removed };
}

export function diffMailboxes(desired: MailboxSpec[], live: MailboxLive[], ctx: DiffContext): DiffResult {
  const diagnostics: Diagnostic[] = [];
  const path = (d: MailboxSpec): string => `mailboxes[${desired.indexOf(d)}]`;
  // A leaver's mailbox is converted, never created: one it never had is said, not made; one being deleted with its
  // user (to Exchange's soft-deleted mailboxes) is left alone.
  const leaving = leavers(ctx.tenant);
  const retired = retiredLeavers(ctx.tenant, ctx.now);
  const create = (d: MailboxSpec, want: Flat): ProposedChange | undefined => {
    if (!leaving.has(normalKey(d.address))) return createMailbox(d, want);
    diagnostics.push({ severity: 'warning', summary: `${d.address} is a leaver without a mailbox: there is none to convert to shared`, address: mailboxAddress(d.address), path: path(d) });
    return undefined;
  };
  // Policies are named in the YAML: each is planned with the tenant's spelling, or is an error (diff once per entry).
  const wants = new Map(desired.map((d) => {
    const r = resolvePolicies(desiredFlat(d), ctx.facts.policies as PolicyNames | undefined, path(d), mailboxAddress(d.address));
    diagnostics.push(...r.diagnostics);
    return [d, r.want] as const;
  }));
  const mailboxes: Collection<MailboxSpec, MailboxLive> = {
    kind: 'mailbox',
    address: (o) => mailboxAddress(o.address),
    id: (l) => l.id,
    path,
    absent: (d) => d.ensure === 'absent',
    referenceOnly: (d) => retired.has(normalKey(d.address)),
    create: (d) => create(d, wants.get(d)!),
    update: (d, l) => updateMailbox(d, l, wants.get(d)!),
    remove(l, reason, d) {
      // A user mailbox goes with its user or its Exchange license: never deleted, and so never pruned, here.
      if (l.type === 'user') {
        if (d) diagnostics.push({ severity: 'error', summary: `${d.address} is a user mailbox: remove the user or its Exchange license instead of the mailbox`, address: mailboxAddress(d.address), path: `${path(d)}.ensure` });
        return undefined;
      }
      return { ...(d ? base(d) : { kind: 'mailbox', address: mailboxAddress(l.address) }), action: 'delete', fields: [], before: l, after: null, reason };
    },
  };
  const out = reconcile(mailboxes, desired, live, ctx);
  // A shared mailbox needs a license once it has an archive, and the leaver's licenses go.
  for (const l of live) {
    if (l.archive === true && leaving.has(normalKey(l.address)) && !retired.has(normalKey(l.address))) {
      diagnostics.push({ severity: 'warning', summary: `${l.address} has an archive: as a shared mailbox it needs a license, which the leaver removes; keep one or disable the archive`, address: mailboxAddress(l.address) });
    }
  }
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}
