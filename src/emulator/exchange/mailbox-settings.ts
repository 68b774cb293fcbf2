// Per-mailbox settings beyond the mailbox itself, as the cmdlet reference documents them
// (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/ExchangePowerShell/):
// - Get-/Set-MailboxRegionalConfiguration -Language (a .NET culture code), -TimeZone (a Windows time zone key name),
//   -DateFormat, -TimeFormat; -LocalizeDefaultFolderName is accepted and ignored: folder names are kept as they are;
// - Set-Mailbox -RetentionPolicy, -SharingPolicy, -RoleAssignmentPolicy ("In Exchange Online, a role assignment
//   policy must be assigned to the mailbox"), -AddressBookPolicy, each by name or GUID, shown by name in Get-Mailbox;
// - Set-Mailbox -AcceptMessagesOnlyFromSendersOrMembers, -RejectMessagesFromSendersOrMembers (senders and groups),
//   -RequireSenderAuthenticationEnabled, -AuditEnabled (on by default in Exchange Online since January 2019) and
//   -MailTip, stored wrapped in `<html><body>…</body></html>` and copied to MailTipTranslations as `default:`;
// - Get-/New-RetentionPolicy, -SharingPolicy (-Domains is mandatory), -RoleAssignmentPolicy, -AddressBookPolicy
//   (-AddressLists, -GlobalAddressList, -OfflineAddressBook and -RoomList are mandatory; address lists are not
//   modelled, so their values are kept as given).
import { randomUUID } from 'node:crypto';
import type { TenantState } from '../state.js';
import { bool, list, multi, nameTaken, recipientOf, str, type CmdCtx, type Cmdlet, type Params } from './cmdlet.js';
import { findRecipient, type ExoMailbox } from './model.js';
import { bindingError, notFound } from './values.js';

export interface MailboxSettings {
  Language: string | null; TimeZone: string | null; DateFormat: string | null; TimeFormat: string | null;
  /** Policy guids; null is none. */
  policies: Record<PolicyType, string | null>;
  /** Recipient guids. */
  acceptFrom: string[]; rejectFrom: string[];
  requireAuth: boolean; auditEnabled: boolean; mailTip: string | null;
}

export type PolicyType = 'RetentionPolicy' | 'SharingPolicy' | 'RoleAssignmentPolicy' | 'AddressBookPolicy';
export const POLICY_TYPES: PolicyType[] = ['RetentionPolicy', 'SharingPolicy', 'RoleAssignmentPolicy', 'AddressBookPolicy'];

interface Policy { guid: string; name: string; isDefault: boolean; extra: Record<string, unknown> }
type Policies = Record<PolicyType, Policy[]>;

/** Every Exchange Online organization has these three; there is no address book policy until one is made. */
const DEFAULTS: Record<PolicyType, string | null> = {
  RetentionPolicy: 'Default MRM Policy', SharingPolicy: 'Default Sharing Policy',
  RoleAssignmentPolicy: 'Default Role Assignment Policy', AddressBookPolicy: null,
};

export function policiesOf(tenant: TenantState): Policies {
  const existing = tenant.ext.exchangePolicies as Policies | undefined;
  if (existing) return existing;
  const made = Object.fromEntries(POLICY_TYPES.map((t) => {
    const name = DEFAULTS[t];
    return [t, name ? [{ guid: randomUUID(), name, isDefault: true, extra: {} }] : []];
  })) as Policies;
  tenant.ext.exchangePolicies = made;
  return made;
}

function policyOf(c: CmdCtx, type: PolicyType, identity: string): Policy {
  const id = identity.trim().toLowerCase();
  const hit = policiesOf(c.tenant)[type].find((p) => p.guid === id || p.name.toLowerCase() === id);
  if (!hit) throw notFound(identity);
  return hit;
}

/** The settings of a mailbox, made on first use: mailboxes kept from before they were modelled get the defaults. */
export function settingsOf(c: CmdCtx, m: ExoMailbox): MailboxSettings {
  if (m.settings) return m.settings;
  const all = policiesOf(c.tenant);
  m.settings = {
    Language: null, TimeZone: null, DateFormat: null, TimeFormat: null,
    policies: Object.fromEntries(POLICY_TYPES.map((t) => [t, all[t].find((p) => p.isDefault)?.guid ?? null])) as Record<PolicyType, string | null>,
    acceptFrom: [], rejectFrom: [], requireAuth: false, auditEnabled: true, mailTip: null,
  };
  return m.settings;
}

const nameOf = (c: CmdCtx, guid: string): string => findRecipient(c.model, guid)?.obj.name ?? guid;

/** What Get-Mailbox shows of the settings. */
export function settingsRow(c: CmdCtx, m: ExoMailbox): Record<string, unknown> {
  const s = settingsOf(c, m);
  const all = policiesOf(c.tenant);
  return {
    ...Object.fromEntries(POLICY_TYPES.map((t) => [t, all[t].find((p) => p.guid === s.policies[t])?.name ?? null])),
    AcceptMessagesOnlyFromSendersOrMembers: s.acceptFrom.map((g) => nameOf(c, g)),
    RejectMessagesFromSendersOrMembers: s.rejectFrom.map((g) => nameOf(c, g)),
    RequireSenderAuthenticationEnabled: s.requireAuth, AuditEnabled: s.auditEnabled,
    MailTip: s.mailTip, MailTipTranslations: s.mailTip ? [`default:${s.mailTip}`] : [],
  };
}

export const SETTINGS_PARAMS = [
  ...POLICY_TYPES, 'AcceptMessagesOnlyFromSendersOrMembers', 'RejectMessagesFromSendersOrMembers',
  'RequireSenderAuthenticationEnabled', 'AuditEnabled', 'MailTip',
];

const notNull = (param: string): Error => bindingError(`Cannot validate argument on parameter '${param}'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.`);

/** Set-Mailbox's share: its values are all checked before any of them is kept. */
export function setSettings(c: CmdCtx, m: ExoMailbox, p: Params): void {
  const s = settingsOf(c, m);
  const policies = { ...s.policies };
  for (const t of POLICY_TYPES) {
    if (!(t in p)) continue;
    const identity = str(p, t);
    if (!identity && t === 'RoleAssignmentPolicy') throw notNull(t);
    policies[t] = identity ? policyOf(c, t, identity).guid : null;
  }
  const guid = (ref: string): string => recipientOf(c, ref).obj.guid;
  const acceptFrom = multi(p, 'AcceptMessagesOnlyFromSendersOrMembers', s.acceptFrom, guid) ?? s.acceptFrom;
  const rejectFrom = multi(p, 'RejectMessagesFromSendersOrMembers', s.rejectFrom, guid) ?? s.rejectFrom;
  const requireAuth = bool(p, 'RequireSenderAuthenticationEnabled') ?? s.requireAuth;
  const auditEnabled = bool(p, 'AuditEnabled') ?? s.auditEnabled;
  let mailTip = s.mailTip;
  if ('MailTip' in p) {
    const text = str(p, 'MailTip');
    mailTip = text ? `<html><body>${text.replace(/^<html><body>|<\/body><\/html>$/gi, '')}</body></html>` : null;
  }
  Object.assign(s, { policies, acceptFrom, rejectFrom, requireAuth, auditEnabled, mailTip });
}

function regionalRow(c: CmdCtx, m: ExoMailbox): Record<string, unknown> {
  const s = settingsOf(c, m);
  return { Identity: m.name, Language: s.Language, TimeZone: s.TimeZone, DateFormat: s.DateFormat, TimeFormat: s.TimeFormat };
}

function culture(value: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(value)) return canonical;
  } catch {
    // reported below, as the CultureInfo conversion reports it
  }
  throw bindingError(`Cannot process argument transformation on parameter 'Language'. Cannot convert value "${value}" to type "System.Globalization.CultureInfo". Error: "Culture is not supported. Parameter name: name ${value} is an invalid culture identifier."`);
}

function setRegional(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOfId(c, p);
  const s = settingsOf(c, m);
  const language = str(p, 'Language');
  const next = {
    Language: language ? culture(language) : s.Language,
    TimeZone: 'TimeZone' in p ? (str(p, 'TimeZone') || null) : s.TimeZone,
    DateFormat: 'DateFormat' in p ? (str(p, 'DateFormat') || null) : s.DateFormat,
    TimeFormat: 'TimeFormat' in p ? (str(p, 'TimeFormat') || null) : s.TimeFormat,
  };
  Object.assign(s, next);
  return [];
}

function mailboxOfId(c: CmdCtx, p: Params): ExoMailbox {
  const identity = str(p, 'Identity') as string;
  const r = findRecipient(c.model, identity);
  if (!r || r.kind !== 'mailbox') throw notFound(identity);
  return r.obj;
}

function policyRow(p: Policy): Record<string, unknown> {
  return { Identity: p.name, Name: p.name, Guid: p.guid, IsDefault: p.isDefault, ...p.extra };
}

function policyCmdlets(type: PolicyType, mandatory: string[], optional: string[]): Record<string, Cmdlet> {
  return {
    [`Get-${type}`]: {
      params: ['Identity'],
      run: (c, p) => {
        const identity = str(p, 'Identity');
        return identity === undefined ? policiesOf(c.tenant)[type].map(policyRow) : [policyRow(policyOf(c, type, identity))];
      },
    },
    [`New-${type}`]: {
      params: ['Name', ...mandatory, ...optional], required: ['Name', ...mandatory],
      run: (c, p) => {
        const name = str(p, 'Name') as string;
        const all = policiesOf(c.tenant)[type];
        if (all.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw nameTaken(name);
        const extra = Object.fromEntries(mandatory.map((k) => [k, list(p, k)]));
        const made: Policy = { guid: randomUUID(), name, isDefault: false, extra };
        all.push(made);
        return [policyRow(made)];
      },
    },
  };
}

export const settingsCmdlets: Record<string, Cmdlet> = {
  'Get-MailboxRegionalConfiguration': { params: ['Identity', 'VerifyDefaultFolderNameLanguage'], required: ['Identity'], run: (c, p) => [regionalRow(c, mailboxOfId(c, p))] },
  'Set-MailboxRegionalConfiguration': {
    params: ['Identity', 'Language', 'TimeZone', 'DateFormat', 'TimeFormat', 'LocalizeDefaultFolderName'], required: ['Identity'], run: setRegional,
  },
  ...policyCmdlets('RetentionPolicy', [], ['RetentionPolicyTagLinks', 'IsDefault']),
  ...policyCmdlets('SharingPolicy', ['Domains'], ['Enabled', 'Default']),
  ...policyCmdlets('RoleAssignmentPolicy', [], ['Description', 'Roles', 'IsDefault']),
  ...policyCmdlets('AddressBookPolicy', ['AddressLists', 'GlobalAddressList', 'OfflineAddressBook', 'RoomList'], []),
};
