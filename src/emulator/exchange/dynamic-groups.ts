// Dynamic distribution groups, as the cmdlet reference documents them (MicrosoftDocs/office-docs-powershell,
// exchange/exchange-ps/ExchangePowerShell/New-, Get-, Set-, Remove-DynamicDistributionGroup.md):
// - two parameter sets: CustomFilter (-RecipientFilter, an OPATH filter) and PrecannedFilter (-IncludedRecipients,
//   mandatory there, with the -Conditional* parameters); "You can't use this parameter in combination with the
//   IncludedRecipients parameter or any Conditional parameters";
// - IncludedRecipients: AllRecipients ("can be used only by itself"), MailboxUsers, MailContacts, MailGroups,
//   MailUsers, Resources;
// - Exchange stores a custom filter with its own exclusions of system mailboxes appended, as Get-DynamicDistributionGroup
//   shows it (jon.netdork.net/2014/06/10/exchange-2010-2013-and-o365-DDL-Filters: "(RecipientType -eq 'UserMailbox')
//   -and (CustomAttribute4 -eq 'Plano')" is read back as "((((RecipientType -eq 'UserMailbox') -and (CustomAttribute4
//   -eq 'Plano'))) -and (-not(Name -like 'SystemMailbox{*')) -and ..."; the list of exclusions varies by version).
// Dynamic groups are no Entra groups; they share the recipients' names and proxy addresses.
import { randomUUID } from 'node:crypto';
import {
  bool, checkDomain, limit, list, nameTaken, proxyTaken, str, type CmdCtx, type Cmdlet, type Params,
} from './cmdlet.js';
import { proxyOwner, recipients, type ExchangeModel } from './model.js';
import { bindingError, invalidValue, notFound } from './values.js';

export interface ExoDynamicGroup {
  guid: string; name: string; alias: string; displayName: string; primary: string;
  /** The filter as given (custom), or null for a precanned one. */
  filter: string | null;
  included: string[]; conditional: Record<string, string[]>;
  hidden: boolean; requireAuth: boolean;
}

const INCLUDED = ['AllRecipients', 'MailboxUsers', 'MailContacts', 'MailGroups', 'MailUsers', 'Resources'] as const;
export const CONDITIONALS = ['Company', 'Department', 'StateOrProvince', ...Array.from({ length: 15 }, (_, i) => `CustomAttribute${i + 1}`)];
const CONDITIONAL_PARAMS = CONDITIONALS.map((c) => `Conditional${c}`);

/** The system-mailbox exclusions Exchange Online appends to a stored filter. */
const EXCLUSIONS = [
  "(-not(Name -like 'SystemMailbox{*'))", "(-not(Name -like 'CAS_{*'))",
  ...['MailboxPlan', 'DiscoveryMailbox', 'PublicFolderMailbox', 'ArbitrationMailbox', 'AuditLogMailbox', 'AuxAuditLogMailbox', 'SupervisoryReviewPolicyMailbox']
    .map((t) => `(-not(RecipientTypeDetailsValue -eq '${t}'))`),
];

const RECIPIENT_TYPES: Record<string, string> = {
  MailboxUsers: "(RecipientType -eq 'UserMailbox')", MailContacts: "(RecipientType -eq 'MailContact')",
  MailGroups: "(RecipientType -eq 'MailUniversalDistributionGroup' -or RecipientType -eq 'MailUniversalSecurityGroup')",
  MailUsers: "(RecipientType -eq 'MailUser')", Resources: "(RecipientTypeDetails -eq 'RoomMailbox' -or RecipientTypeDetails -eq 'EquipmentMailbox')",
};

export function dynamicGroupsOf(model: ExchangeModel): ExoDynamicGroup[] {
  model.dynamicGroups ??= [];
  return model.dynamicGroups;
}

/** The filter as Get-DynamicDistributionGroup shows it; a precanned one is rendered from its parts. */
export function storedFilter(g: ExoDynamicGroup): string {
  if (g.filter !== null) return `(((${g.filter})) -and ${EXCLUSIONS.join(' -and ')})`;
  const types = g.included.includes('AllRecipients') ? [] : [`(${g.included.map((t) => RECIPIENT_TYPES[t]).join(' -or ')})`];
  const conditions = Object.entries(g.conditional).filter(([, v]) => v.length > 0)
    .map(([k, v]) => `(${v.map((x) => `${k} -eq '${x.replace(/'/g, "''")}'`).join(' -or ')})`);
  return `(${[...types, ...conditions, ...EXCLUSIONS].join(' -and ')})`;
}

function row(g: ExoDynamicGroup): Record<string, unknown> {
  return {
    Identity: g.name, Name: g.name, Alias: g.alias, DisplayName: g.displayName, Guid: g.guid, ExternalDirectoryObjectId: g.guid,
    PrimarySmtpAddress: g.primary, EmailAddresses: [`SMTP:${g.primary}`], RecipientType: 'DynamicDistributionGroup',
    RecipientTypeDetails: 'DynamicDistributionGroup', RecipientFilterType: g.filter === null ? 'Precanned' : 'Custom',
    RecipientFilter: storedFilter(g), IncludedRecipients: g.filter === null ? g.included.join(', ') : null,
    ...Object.fromEntries(CONDITIONALS.map((c) => [`Conditional${c}`, g.conditional[c] ?? []])),
    HiddenFromAddressListsEnabled: g.hidden, RequireSenderAuthenticationEnabled: g.requireAuth,
  };
}

function groupOf(c: CmdCtx, identity: string): ExoDynamicGroup {
  const id = identity.trim().toLowerCase();
  const hit = dynamicGroupsOf(c.model).find((g) => [g.guid, g.name.toLowerCase(), g.alias.toLowerCase(), g.primary].includes(id));
  if (!hit) throw notFound(identity);
  return hit;
}

const setConflict = (): Error => bindingError('Parameter set cannot be resolved using the specified named parameters.');

function included(p: Params): string[] | undefined {
  const given = list(p, 'IncludedRecipients');
  if (given === undefined) return undefined;
  const out = given.map((v) => {
    const hit = INCLUDED.find((t) => t.toLowerCase() === v.toLowerCase());
    if (!hit) throw invalidValue('IncludedRecipients', v, [...INCLUDED]);
    return hit;
  });
  if (out.includes('AllRecipients') && out.length > 1) throw invalidValue('IncludedRecipients', given.join(','), [...INCLUDED]);
  // A flags value: shown in the enumeration's order, whatever order it was given in.
  return INCLUDED.filter((t) => out.includes(t));
}

/** The filter parameters of a New- or Set- call: one set or the other, never both. */
function applyFilter(g: ExoDynamicGroup, p: Params, creating: boolean): void {
  const filter = str(p, 'RecipientFilter');
  const inc = included(p);
  const conditional = CONDITIONAL_PARAMS.filter((k) => k in p);
  if (filter !== undefined && (inc !== undefined || conditional.length > 0)) throw setConflict();
  if (creating && filter === undefined && inc === undefined) throw setConflict();
  if (filter !== undefined) {
    Object.assign(g, { filter: filter.trim(), included: [], conditional: {} });
    return;
  }
  if (conditional.length > 0 && inc === undefined && g.filter !== null) throw setConflict();
  if (inc !== undefined) Object.assign(g, { filter: null, included: inc });
  for (const k of conditional) g.conditional[k.slice('Conditional'.length)] = list(p, k) ?? [];
}

function setAddress(c: CmdCtx, g: ExoDynamicGroup, address: string): void {
  const primary = address.toLowerCase();
  checkDomain(c, primary);
  const owner = proxyOwner(c.model, primary) ?? dynamicGroupsOf(c.model).find((x) => x !== g && x.primary === primary);
  if (owner) throw proxyTaken(primary, 'obj' in owner ? owner.obj.name : owner.name);
  g.primary = primary;
}

function newGroup(c: CmdCtx, p: Params): unknown[] {
  const name = str(p, 'Name') as string;
  const alias = str(p, 'Alias') ?? name.replace(/[^A-Za-z0-9._-]/g, '');
  const taken = [...recipients(c.model).map((r) => r.obj.name), ...dynamicGroupsOf(c.model).map((g) => g.name)];
  if (taken.some((n) => n.toLowerCase() === name.toLowerCase())) throw nameTaken(name);
  const g: ExoDynamicGroup = {
    guid: randomUUID(), name, alias, displayName: str(p, 'DisplayName') ?? name, primary: '', filter: null, included: [],
    conditional: {}, hidden: false, requireAuth: true,
  };
  applyFilter(g, p, true);
  setAddress(c, g, str(p, 'PrimarySmtpAddress') ?? `${alias}@${c.tenant.domains[0]}`);
  dynamicGroupsOf(c.model).push(g);
  return [row(g)];
}

function setGroup(c: CmdCtx, p: Params): unknown[] {
  const g = groupOf(c, str(p, 'Identity') as string);
  const next: ExoDynamicGroup = structuredClone(g);
  applyFilter(next, p, false);
  const address = str(p, 'PrimarySmtpAddress');
  if (address !== undefined) setAddress(c, next, address);
  next.displayName = str(p, 'DisplayName') ?? next.displayName;
  next.hidden = bool(p, 'HiddenFromAddressListsEnabled') ?? next.hidden;
  next.requireAuth = bool(p, 'RequireSenderAuthenticationEnabled') ?? next.requireAuth;
  Object.assign(g, next);
  return [];
}

const FILTER_PARAMS = ['RecipientFilter', 'IncludedRecipients', ...CONDITIONAL_PARAMS];

export const dynamicGroupCmdlets: Record<string, Cmdlet> = {
  'Get-DynamicDistributionGroup': {
    params: ['Identity', 'ResultSize'], paged: true,
    run: (c, p) => {
      const identity = str(p, 'Identity');
      return identity !== undefined ? [row(groupOf(c, identity))] : limit(c, p, dynamicGroupsOf(c.model)).map(row);
    },
  },
  'New-DynamicDistributionGroup': { params: ['Name', 'Alias', 'DisplayName', 'PrimarySmtpAddress', ...FILTER_PARAMS], required: ['Name'], run: newGroup },
  'Set-DynamicDistributionGroup': {
    params: ['Identity', 'DisplayName', 'PrimarySmtpAddress', 'HiddenFromAddressListsEnabled', 'RequireSenderAuthenticationEnabled', ...FILTER_PARAMS],
    required: ['Identity'], run: setGroup,
  },
  'Remove-DynamicDistributionGroup': {
    params: ['Identity'], required: ['Identity'],
    run: (c, p) => {
      const g = groupOf(c, str(p, 'Identity') as string);
      c.model.dynamicGroups = dynamicGroupsOf(c.model).filter((x) => x !== g);
      return [];
    },
  },
};
