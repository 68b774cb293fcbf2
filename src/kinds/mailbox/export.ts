// Export of mailboxes: type, addresses, forwarding, limits, switched-off protocols, archive and hold, booking and
// auto-reply. The fetch is asked for protocols, booking and auto-replies of every mailbox by declaring them.
import type { MailboxSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { allMailboxes } from '../exchange/export.js';
import { byKey, count } from '../shared/export.js';
import { settingsToYaml, type PolicyNames } from './settings.js';
import { BOOKING, LIMITS, PROTOCOLS, type MailboxLive } from './state.js';

type Fetch = (ctx: FetchContext, desired: MailboxSpec[]) => Promise<FetchResult<MailboxLive>>;

/** The dotted keys of one group (`limits.x`) as an object, without nulls. */
function group(l: MailboxLive, prefix: string, keys: string[], keep: (v: unknown) => boolean = () => true): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = l[`${prefix}.${k}`];
    if (v !== null && v !== undefined && keep(v)) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Exchange Online's defaults: a mailbox left at them gets no `limits` (undeclared limits are left alone). */
const DEFAULT_SIZES = { maxSendSizeKB: 35840, maxReceiveSizeKB: 36864 };
const DEFAULT_QUOTAS = [
  [49152, 50688, 51200],
  [100352, 101376, 102400],
];

function limitsOf(l: MailboxLive): Record<string, unknown> | undefined {
  const all = group(l, 'limits', Object.keys(LIMITS)) ?? {};
  const quotas = [all.issueWarningQuotaMB, all.prohibitSendQuotaMB, all.prohibitSendReceiveQuotaMB];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (k in DEFAULT_SIZES && DEFAULT_SIZES[k as keyof typeof DEFAULT_SIZES] === v) continue;
    if (k.endsWith('QuotaMB') && DEFAULT_QUOTAS.some((d) => d.every((q, i) => q === quotas[i]))) continue;
    out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

function autoReply(l: MailboxLive): Record<string, unknown> | undefined {
  const status = l['autoReply.status'];
  if (status === undefined || status === 'disabled') return undefined;
  const out: Record<string, unknown> = { status };
  if (l['autoReply.internalMessage']) out.internalMessage = l['autoReply.internalMessage'];
  if (l['autoReply.externalMessage']) out.externalMessage = l['autoReply.externalMessage'];
  if (l['autoReply.externalAudience'] !== 'all') out.externalAudience = l['autoReply.externalAudience'];
  if (status === 'scheduled') Object.assign(out, { start: l['autoReply.start'], end: l['autoReply.end'] });
  return out;
}

export function mailboxToYaml(l: MailboxLive, policies: PolicyNames = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { address: l.address, type: l.type };
  if (l.displayName) out.displayName = l.displayName;
  // The tenant's own *.onmicrosoft.com address is not compared unless listed, so it is not written.
  const aliases = (l.aliases as string[]).filter((a) => !a.endsWith('.onmicrosoft.com') && a !== l.address);
  if (aliases.length) out.aliases = aliases;
  if (l.hiddenFromAddressLists) out.hiddenFromAddressLists = true;
  if (l['forwarding.to']) out.forwarding = { to: l['forwarding.to'], keepCopy: l['forwarding.keepCopy'] === true };
  const limits = limitsOf(l);
  if (limits) out.limits = limits;
  const off = group(l, 'protocols', Object.keys(PROTOCOLS), (v) => v === false);
  if (off) out.protocols = off;
  if (l.archive) out.archive = true;
  if (l.litigationHold) out.litigationHold = true;
  if (l.type === 'room' || l.type === 'equipment') {
    const room = group(l, 'room', ['capacity', ...Object.keys(BOOKING)]);
    if (room) out.room = room;
  }
  const reply = autoReply(l);
  if (reply) out.autoReply = reply;
  return { ...out, ...settingsToYaml(l, policies) };
}

export async function exportMailboxes(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const rows = await allMailboxes(ctx);
  // Booking settings exist only on resource mailboxes; Get-CalendarProcessing is not asked for the others.
  const desired = [...rows].map(([address, row]): MailboxSpec => ({
    address, protocols: {}, autoReply: { status: 'disabled' }, regional: {}, deliveryRestrictions: {}, policies: {},
    ...(/^(Room|Equipment)Mailbox$/.test(String(row.RecipientTypeDetails)) ? { room: { bookingWindowInDays: 0 } } : {}),
  }));
  const { live, facts } = await fetch({ ...ctx, prune: false }, desired);
  const items = [...live].sort(byKey((m) => m.address)).map((l) => mailboxToYaml(l, (facts?.policies ?? {}) as PolicyNames));
  return {
    section: 'mailboxes',
    items,
    comments: [
      count(items.length, 'mailbox', 'mailboxes'),
      'limits at Exchange Online defaults, protocols switched on, the default policies and audit on are not listed: undeclared, they are left as they are',
    ],
  };
}
