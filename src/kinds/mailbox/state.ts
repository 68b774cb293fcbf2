// The mailbox as tenantform compares it: one flat record of dotted paths, built the same way from the YAML and
// from the cmdlets' answers, so that the diff is a plain comparison and the plan shows the YAML's own names.
import type { MailboxSpec } from '../../config/model.js';
import { lower, sorted, type Row } from '../exchange/common.js';
import { desiredSettings, rowSettings } from './settings.js';

export type MailboxType = 'user' | 'shared' | 'room' | 'equipment';
export type Flat = Record<string, unknown>;

export interface MailboxLive extends Flat {
  address: string;
  id: string;
}

export const TYPE_OF: Record<string, MailboxType> = {
  UserMailbox: 'user', SharedMailbox: 'shared', RoomMailbox: 'room', EquipmentMailbox: 'equipment',
};
export const CMDLET_TYPE: Record<MailboxType, string> = { user: 'Regular', shared: 'Shared', room: 'Room', equipment: 'Equipment' };

export const PROTOCOLS: Record<string, string> = {
  owa: 'OWAEnabled', imap: 'ImapEnabled', pop: 'PopEnabled', mapi: 'MAPIEnabled', activeSync: 'ActiveSyncEnabled', ews: 'EwsEnabled',
};
/** YAML limit → Set-Mailbox parameter and the unit the YAML counts in. */
export const LIMITS: Record<string, [string, 'KB' | 'MB']> = {
  maxSendSizeKB: ['MaxSendSize', 'KB'], maxReceiveSizeKB: ['MaxReceiveSize', 'KB'], issueWarningQuotaMB: ['IssueWarningQuota', 'MB'],
  prohibitSendQuotaMB: ['ProhibitSendQuota', 'MB'], prohibitSendReceiveQuotaMB: ['ProhibitSendReceiveQuota', 'MB'],
};
export const BOOKING: Record<string, string> = {
  bookingWindowInDays: 'BookingWindowInDays', maximumDurationInMinutes: 'MaximumDurationInMinutes',
  allowConflicts: 'AllowConflicts', automateProcessing: 'AutomateProcessing',
};

/** "35 MB (36,700,160 bytes)" → 35840 (KB) or 35 (MB); Unlimited → null. */
export function sizeIn(value: unknown, unit: 'KB' | 'MB'): number | null {
  const m = /\(([\d,]+) bytes\)/.exec(String(value));
  if (!m) return null;
  return Math.round(Number((m[1] as string).replace(/,/g, '')) / (unit === 'KB' ? 1024 : 1024 * 1024));
}

export function smtpAliases(row: Row): string[] {
  const all = Array.isArray(row.EmailAddresses) ? row.EmailAddresses.map(String) : [];
  return sorted(all.filter((a) => a.startsWith('smtp:')).map((a) => lower(a.slice(5))));
}

export function fromMailboxRow(row: Row): MailboxLive {
  const live: MailboxLive = {
    address: lower(String(row.PrimarySmtpAddress)), id: String(row.ExternalDirectoryObjectId ?? row.Guid ?? ''),
    type: TYPE_OF[String(row.RecipientTypeDetails)] ?? String(row.RecipientTypeDetails),
    displayName: row.DisplayName ?? null, aliases: smtpAliases(row), hiddenFromAddressLists: row.HiddenFromAddressListsEnabled === true,
    'forwarding.to': row.ForwardingSmtpAddress ? lower(String(row.ForwardingSmtpAddress).replace(/^smtp:/i, '')) : null,
    'forwarding.keepCopy': row.DeliverToMailboxAndForward === true,
    archive: row.ArchiveStatus === 'Active', litigationHold: row.LitigationHoldEnabled === true,
    'room.capacity': typeof row.ResourceCapacity === 'number' ? row.ResourceCapacity : null,
    ...rowSettings(row),
  };
  for (const [key, [param, unit]] of Object.entries(LIMITS)) live[`limits.${key}`] = sizeIn(row[param], unit);
  return live;
}

export function addCas(live: MailboxLive, cas: Row): void {
  for (const [key, prop] of Object.entries(PROTOCOLS)) live[`protocols.${key}`] = cas[prop] !== false;
}

export function addBooking(live: MailboxLive, booking: Row): void {
  for (const [key, prop] of Object.entries(BOOKING)) live[`room.${key}`] = booking[prop] ?? null;
}

interface GraphReplies {
  status?: string; externalAudience?: string; internalReplyMessage?: string; externalReplyMessage?: string;
  scheduledStartDateTime?: { dateTime?: string }; scheduledEndDateTime?: { dateTime?: string };
}

const isoUtc = (v: string | undefined): string | null => {
  if (!v) return null;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
};

export function addAutoReply(live: MailboxLive, s: GraphReplies): void {
  const status = lower(s.status ?? 'disabled');
  live['autoReply.status'] = status === 'alwaysenabled' ? 'enabled' : status;
  live['autoReply.internalMessage'] = s.internalReplyMessage ?? '';
  live['autoReply.externalMessage'] = s.externalReplyMessage ?? '';
  live['autoReply.externalAudience'] = s.externalAudience ?? 'all';
  live['autoReply.start'] = status === 'scheduled' ? isoUtc(s.scheduledStartDateTime?.dateTime) : null;
  live['autoReply.end'] = status === 'scheduled' ? isoUtc(s.scheduledEndDateTime?.dateTime) : null;
}

/** The YAML's declared values as the same flat record; undefined = not managed. */
export function desiredFlat(spec: MailboxSpec): Flat {
  const out: Flat = {
    type: spec.type, displayName: spec.displayName, aliases: spec.aliases && sorted(spec.aliases.map(lower)),
    hiddenFromAddressLists: spec.hiddenFromAddressLists, archive: spec.archive, litigationHold: spec.litigationHold,
    'forwarding.to': spec.forwarding && lower(spec.forwarding.to), 'forwarding.keepCopy': spec.forwarding && (spec.forwarding.keepCopy ?? false),
    'room.capacity': spec.room?.capacity,
    ...desiredSettings(spec),
  };
  const limits: Record<string, number | undefined> = { ...spec.limits };
  for (const key of Object.keys(LIMITS)) out[`limits.${key}`] = limits[key];
  const protocols: Record<string, boolean | undefined> = { ...spec.protocols };
  for (const key of Object.keys(PROTOCOLS)) out[`protocols.${key}`] = protocols[key];
  const room: Record<string, unknown> = { ...spec.room };
  for (const key of Object.keys(BOOKING)) out[`room.${key}`] = room[key];
  const a = spec.autoReply;
  if (a) {
    Object.assign(out, {
      'autoReply.status': a.status, 'autoReply.internalMessage': a.internalMessage ?? '', 'autoReply.externalMessage': a.externalMessage ?? '',
      'autoReply.externalAudience': a.externalAudience ?? 'all',
      'autoReply.start': a.status === 'scheduled' ? isoUtc(a.start) : null, 'autoReply.end': a.status === 'scheduled' ? isoUtc(a.end) : null,
    });
  }
  return out;
}

/** Graph's automaticRepliesSetting for the declared auto-reply. */
export function graphReplies(flat: Flat): Record<string, unknown> {
  const status = String(flat['autoReply.status']);
  const body: Record<string, unknown> = {
    status: status === 'enabled' ? 'alwaysEnabled' : status, externalAudience: flat['autoReply.externalAudience'],
    internalReplyMessage: flat['autoReply.internalMessage'], externalReplyMessage: flat['autoReply.externalMessage'],
  };
  if (status === 'scheduled') {
    body.scheduledStartDateTime = { dateTime: String(flat['autoReply.start']).replace(/Z$/, ''), timeZone: 'UTC' };
    body.scheduledEndDateTime = { dateTime: String(flat['autoReply.end']).replace(/Z$/, ''), timeZone: 'UTC' };
  }
  return body;
}
