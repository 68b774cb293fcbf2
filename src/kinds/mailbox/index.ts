// Kind `mailbox`: user, shared, room and equipment mailboxes and their settings (addresses, forwarding, limits,
// protocols, archive, litigation hold, booking, auto-reply). Shared and resource mailboxes are created and removed;
// user mailboxes come from licensing, so their settings wait for the mailbox at apply time.
import type { MailboxSpec, TenantConfig } from '../../config/model.js';
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { Kind, ProposedChange } from '../contract.js';
import { DEFAULT_WAIT, EXCHANGE_PERMISSIONS, exchangeClient, lower, readMailboxes, readOne, scalarChanges, type Row, type WaitOptions } from '../exchange/common.js';
import { applyMailbox } from './apply.js';
import { addAutoReply, addBooking, addCas, desiredFlat, fromMailboxRow, type MailboxLive } from './state.js';
import { exportMailboxes } from './export.js';

export const mailboxAddress = (address: string): string => `mailbox:${lower(address)}`;

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
    const cas: Row[] = withProtocols.length > 25
      ? await ex.invoke<Row>('Get-CASMailbox', { ResultSize: 'Unlimited' })
      : (await Promise.all(withProtocols.map((l) => readOne(ex, 'Get-CASMailbox', l.address)))).flatMap((r): Row[] => (r ? [r] : []));
    const casBy = new Map(cas.map((r) => [lower(String(r.PrimarySmtpAddress)), r]));
    for (const l of withProtocols) addCas(l, casBy.get(l.address) ?? ({} as Row));
  }
  await Promise.all(present(hasBooking).map(async (l) => addBooking(l, (await readOne(ex, 'Get-CalendarProcessing', l.address)) ?? {})));

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
  return { live, complete: ctx.prune };
}

function diffOne(d: MailboxSpec, l: MailboxLive | undefined, diagnostics: Diagnostic[], index: number): ProposedChange | undefined {
  const address = mailboxAddress(d.address);
  const base = { kind: 'mailbox', address, dependsOn: [`user:${lower(d.address)}`, ...(d.forwarding ? [`mailbox:${lower(d.forwarding.to)}`] : [])] };
  if (d.ensure === 'absent') {
    if (!l) return undefined;
    if (l.type === 'user') {
      diagnostics.push({ severity: 'error', summary: `${d.address} is a user mailbox: remove the user or its Exchange license instead of the mailbox`, address, path: `mailboxes[${index}].ensure` });
      return undefined;
    }
    return { ...base, action: 'delete', fields: [], before: l, after: null, reason: 'ensure_absent' };
  }
  const want = desiredFlat(d);
  if (!l) {
    const type = d.type ?? 'user';
    const fields = scalarChanges({ ...want, type }, undefined);
    const after = { address: lower(d.address), ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
    const reason = type === 'user' ? 'mailbox_not_provisioned' : 'missing';
    return { ...base, action: 'create', fields, before: null, after, reason };
  }
  const fields = scalarChanges({ ...want, aliases: undefined }, l);
  const aliases = aliasChange(want.aliases as string[] | undefined, l);
  if (aliases) fields.push(aliases);
  if (fields.length === 0) return undefined;
  const after: MailboxLive = { ...l, ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
  return { ...base, action: 'update', fields, before: l, after, reason: 'field_changed' };
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

export function createMailboxKind(wait: WaitOptions = DEFAULT_WAIT): Kind<MailboxSpec, MailboxLive> {
  const kind: Kind<MailboxSpec, MailboxLive> = {
    kind: 'mailbox',
    // Automatic replies live in Graph's mailboxSettings.
    permissions: {
      read: { ...EXCHANGE_PERMISSIONS.read, graph: ['MailboxSettings.Read'] },
      write: { ...EXCHANGE_PERMISSIONS.write, graph: ['MailboxSettings.ReadWrite'] },
    },
    pruneKey: 'mailboxes',
    select: declared,
    address: (o) => mailboxAddress(o.address),
    fetch: fetchMailboxes,
    diff(desired, live, ctx) {
      const byAddress = new Map(live.map((l) => [l.address, l]));
      const diagnostics: Diagnostic[] = [];
      const changes = desired.flatMap((d, i) => diffOne(d, byAddress.get(lower(d.address)), diagnostics, i) ?? []);
      const names = new Set(desired.map((d) => lower(d.address)));
      const unmanaged = live.filter((l) => !names.has(l.address));
      if (ctx.prune && ctx.complete) {
        for (const l of unmanaged) {
          if (l.type === 'user') continue;
          changes.push({ kind: 'mailbox', address: mailboxAddress(l.address), action: 'delete', fields: [], before: l, after: null, reason: 'pruned' });
        }
      }
      return { changes, diagnostics, unmanaged: ctx.complete ? unmanaged.length : undefined };
    },
    apply: (change, ctx) => applyMailbox(change, ctx, wait),
  };
  kind.export = (ctx) => exportMailboxes(ctx, kind.fetch);
  return kind;
}

export const mailboxKind = createMailboxKind();
