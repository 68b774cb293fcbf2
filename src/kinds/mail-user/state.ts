// The mail user as tenantform compares it: built the same way from the YAML and from Get-MailUser.
import type { MailUserSpec } from '../../config/model.js';
import { lower, sorted, type Row } from '../exchange/common.js';
import { normalKey } from '../shared/reconcile.js';

export interface MailUserLive extends Record<string, unknown> {
  userPrincipalName: string;
  displayName: string;
  externalEmailAddress: string;
  /** Secondary SMTP addresses, lower-case, sorted. */
  aliases: string[];
  /** The Entra account's object id: names the candidates when two mail users share a UPN; not shown in plans. */
  id?: string;
}

export const addressOf = (upn: string): string => `mailUser:${normalKey(upn)}`;

const smtp = (v: unknown): string => lower(String(v ?? '')).replace(/^smtp:/, '');

export function fromRow(r: Row): MailUserLive {
  const upn = lower(String(r.MicrosoftOnlineServicesID ?? r.UserPrincipalName ?? r.PrimarySmtpAddress));
  const primary = smtp(r.PrimarySmtpAddress);
  const proxies = Array.isArray(r.EmailAddresses) ? r.EmailAddresses.map(String) : [];
  return {
    userPrincipalName: upn, displayName: String(r.DisplayName ?? ''), externalEmailAddress: smtp(r.ExternalEmailAddress),
    // Only SMTP proxies other than the primary are aliases (X500:, SIP: and the like are Exchange's).
    aliases: sorted(proxies.filter((p) => /^smtp:/i.test(p)).map(smtp).filter((a) => a !== primary)),
    id: String(r.ExternalDirectoryObjectId ?? r.Guid ?? upn),
  };
}

/** The YAML's declared values; undefined = not managed. */
export function desiredFlat(d: MailUserSpec): Record<string, unknown> {
  return {
    displayName: d.displayName,
    externalEmailAddress: d.externalEmailAddress === undefined ? undefined : lower(d.externalEmailAddress),
    aliases: d.aliases === undefined ? undefined : sorted(d.aliases.map(lower)),
  };
}

/** The mail user as the plan shows it. */
export function view(l: MailUserLive): Record<string, unknown> {
  const { id: _id, ...rest } = l;
  return rest;
}
