// The mailbox's per-mailbox settings as flat dotted paths, like the rest of the mailbox (state.ts): regional settings
// (Get-/Set-MailboxRegionalConfiguration), the retention, sharing, role-assignment and address-book policies, delivery
// restrictions, mailbox audit and the MailTip (Set-Mailbox). Policies are named in the YAML and must exist: the
// tenant's policies are read once per run, a name is matched as Exchange matches it (case-insensitive) and planned
// with the tenant's own spelling, and an unknown one is a plan error naming it.
import type { ExchangeApi } from '../../clients/exchange.js';
import type { ReadSession } from '../../clients/session.js';
import type { MailboxSpec } from '../../config/model.js';
import { normalName } from '../../config/kind-spec.js';
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import { identityOf, normRef, RecipientNames, sorted, type Row } from '../exchange/common.js';
import type { Flat } from './state.js';

/** YAML policy key → the Set-Mailbox parameter, the Get-Mailbox property and the cmdlet listing them. */
export const POLICIES: Record<string, string> = {
  retention: 'RetentionPolicy', sharing: 'SharingPolicy', roleAssignment: 'RoleAssignmentPolicy', addressBook: 'AddressBookPolicy',
};
const REGIONAL: Record<string, string> = { language: 'Language', timeZone: 'TimeZone', dateFormat: 'DateFormat', timeFormat: 'TimeFormat' };
const RESTRICTIONS: Record<string, string> = {
  acceptFrom: 'AcceptMessagesOnlyFromSendersOrMembers', rejectFrom: 'RejectMessagesFromSendersOrMembers',
};

/** The tenant's policies by YAML key (`retention`): their names, and which one new mailboxes get. */
export type PolicyNames = Record<string, { name: string; isDefault: boolean }[]>;

/** Culture codes compare as .NET compares them: `de-de` is `de-DE`. */
export function culture(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return Intl.getCanonicalLocales(value)[0] ?? value;
  } catch {
    return value;
  }
}

/** Exchange keeps the MailTip as `<html><body>text</body></html>`; the YAML holds the text. */
export const mailTipText = (v: unknown): string => (typeof v === 'string' ? v.replace(/^<html><body>/i, '').replace(/<\/body><\/html>$/i, '') : '');

export function desiredSettings(spec: MailboxSpec): Flat {
  const out: Flat = { auditEnabled: spec.auditEnabled, mailTip: spec.mailTip };
  const regional: Record<string, string | undefined> = { ...spec.regional };
  for (const k of Object.keys(REGIONAL)) out[`regional.${k}`] = k === 'language' && regional[k] ? culture(regional[k]) : regional[k];
  const policies: Record<string, string | null | undefined> = { ...spec.policies };
  for (const k of Object.keys(POLICIES)) out[`policies.${k}`] = policies[k];
  const r = spec.deliveryRestrictions;
  out['deliveryRestrictions.acceptFrom'] = r?.acceptFrom && sorted(r.acceptFrom.map(normRef));
  out['deliveryRestrictions.rejectFrom'] = r?.rejectFrom && sorted(r.rejectFrom.map(normRef));
  out['deliveryRestrictions.requireAuthenticatedSenders'] = r?.requireAuthenticatedSenders;
  return out;
}

/** What Get-Mailbox itself says of the settings. */
export function rowSettings(row: Row): Flat {
  const out: Flat = { auditEnabled: row.AuditEnabled === true, mailTip: mailTipText(row.MailTip) };
  for (const [k, prop] of Object.entries(POLICIES)) out[`policies.${k}`] = typeof row[prop] === 'string' ? row[prop] : null;
  out['deliveryRestrictions.requireAuthenticatedSenders'] = row.RequireSenderAuthenticationEnabled === true;
  return out;
}

/** Delivery restrictions list recipients by Name; they are read back as references only where declared. */
export async function addRestrictions(live: Flat, row: Row, names: RecipientNames): Promise<void> {
  for (const [k, prop] of Object.entries(RESTRICTIONS)) live[`deliveryRestrictions.${k}`] = await names.all(row[prop]);
}

export function addRegional(live: Flat, row: Row): void {
  for (const [k, prop] of Object.entries(REGIONAL)) {
    const v = row[prop];
    live[`regional.${k}`] = k === 'language' ? culture(v) : typeof v === 'string' && v !== '' ? v : null;
  }
}

/** The tenant's policies, once per run: a failed read fails the plan (unknown, never "no such policy"). */
export function readPolicies(ex: ExchangeApi, session: ReadSession): Promise<PolicyNames> {
  return session.memo('exchange-mailbox-policies', async () => {
    const entries = await Promise.all(Object.entries(POLICIES).map(async ([k, type]) => {
      const rows = await ex.invoke<Row>(`Get-${type}`, {});
      return [k, rows.map((r) => ({ name: String(r.Name), isDefault: r.IsDefault === true }))] as const;
    }));
    return Object.fromEntries(entries);
  });
}

/**
 * The declared policies spelled as the tenant spells them, and an error for each the tenant does not have (that field
 * is then not planned). Two policies whose names differ only in case or Unicode form are refused by name.
 */
export function resolvePolicies(want: Flat, names: PolicyNames | undefined, path: string, address: string): { want: Flat; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = { ...want };
  for (const [k, type] of Object.entries(POLICIES)) {
    const declared = want[`policies.${k}`];
    if (typeof declared !== 'string') continue;
    const all = (names?.[k] ?? []).map((n) => n.name);
    const hits = all.filter((n) => normalName(n) === normalName(declared));
    if (hits.length === 1) {
      out[`policies.${k}`] = hits[0];
      continue;
    }
    delete out[`policies.${k}`];
    const summary = hits.length === 0
      ? `${type} "${declared}" does not exist in the tenant (Get-${type} lists ${all.map((n) => `"${n}"`).join(', ') || 'none'})`
      : `${type} "${declared}" names ${hits.length} policies (${hits.map((n) => `"${n}"`).join(', ')}); tenantform will not guess which one`;
    diagnostics.push({ severity: 'error', summary, address, path: `${path}.policies.${k}` });
  }
  return { want: out, diagnostics };
}

const changed = (fields: FieldChange[], path: string): FieldChange | undefined => fields.find((f) => f.path === path);

/** Set-Mailbox's parameters for the changed settings. */
export function settingsParams(fields: FieldChange[], after: Flat): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  for (const [k, param] of Object.entries(POLICIES)) if (changed(fields, `policies.${k}`)) p[param] = after[`policies.${k}`] ?? null;
  for (const [k, param] of Object.entries(RESTRICTIONS)) {
    const refs = after[`deliveryRestrictions.${k}`];
    if (changed(fields, `deliveryRestrictions.${k}`)) p[param] = ((refs ?? []) as string[]).map(identityOf);
  }
  if (changed(fields, 'deliveryRestrictions.requireAuthenticatedSenders')) p.RequireSenderAuthenticationEnabled = after['deliveryRestrictions.requireAuthenticatedSenders'];
  if (changed(fields, 'auditEnabled')) p.AuditEnabled = after.auditEnabled;
  if (changed(fields, 'mailTip')) p.MailTip = after.mailTip === '' ? null : after.mailTip;
  return p;
}

/** Set-MailboxRegionalConfiguration's parameters; folder names are left as they are (no -LocalizeDefaultFolderName). */
export function regionalParams(fields: FieldChange[], after: Flat): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  for (const [k, param] of Object.entries(REGIONAL)) if (changed(fields, `regional.${k}`)) p[param] = after[`regional.${k}`];
  return p;
}

/** Plan-time dependencies: the senders a restriction names come first when the same plan makes them. */
export function settingsDeps(spec: MailboxSpec): string[] {
  const r = spec.deliveryRestrictions;
  const refs = [...(r?.acceptFrom ?? []), ...(r?.rejectFrom ?? [])].map(normRef);
  return refs.flatMap((ref) => (ref.startsWith('group:') ? [ref, `distributionGroup:${ref.slice(6)}`] : [`user:${ref}`, `mailbox:${ref}`, `contact:${ref}`]));
}

/** Export: the settings that differ from a new mailbox's, as YAML. */
export function settingsToYaml(l: Flat, defaults: PolicyNames): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const regional = Object.fromEntries(Object.keys(REGIONAL).flatMap((k) => (l[`regional.${k}`] ? [[k, l[`regional.${k}`]]] : [])));
  if (Object.keys(regional).length) out.regional = regional;
  const policies = Object.fromEntries(Object.keys(POLICIES).flatMap((k) => {
    const v = l[`policies.${k}`];
    return v && !(defaults[k] ?? []).some((p) => p.isDefault && p.name === v) ? [[k, v]] : [];
  }));
  if (Object.keys(policies).length) out.policies = policies;
  const r: Record<string, unknown> = {};
  for (const k of Object.keys(RESTRICTIONS)) if (((l[`deliveryRestrictions.${k}`] ?? []) as string[]).length) r[k] = l[`deliveryRestrictions.${k}`];
  if (l['deliveryRestrictions.requireAuthenticatedSenders'] === true) r.requireAuthenticatedSenders = true;
  if (Object.keys(r).length) out.deliveryRestrictions = r;
  if (l.auditEnabled === false) out.auditEnabled = false;
  if (l.mailTip) out.mailTip = l.mailTip;
  return out;
}
