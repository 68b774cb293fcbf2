// Mailbox cmdlets: Get/New/Set/Remove-Mailbox, archive, client access (CAS) and resource booking settings.
import { randomUUID } from 'node:crypto';
import { removeUser, type TenantState } from '../state.js';
import {
  bool, checkDomain, int, limit, list, mailboxOf, multi, nameTaken, oneOf, proxyTaken, recipientOf, str,
  type CmdCtx, type Cmdlet, type Params,
} from './cmdlet.js';
import { addMailboxUser, findRecipient, newMailbox, proxyOwner, type ExoMailbox, type MailboxType } from './model.js';
import { bindingError, CmdletError, formatSize, sizeParam } from './values.js';
import { setSettings, SETTINGS_PARAMS, settingsRow } from './mailbox-settings.js';

const NO_ARCHIVE = '00000000-0000-0000-0000-000000000000';
const SIZE_PARAMS = ['MaxSendSize', 'MaxReceiveSize', 'IssueWarningQuota', 'ProhibitSendQuota', 'ProhibitSendReceiveQuota'];
const CAS_PARAMS = ['OWAEnabled', 'ImapEnabled', 'PopEnabled', 'MAPIEnabled', 'ActiveSyncEnabled', 'EwsEnabled'];
const TYPE_DETAILS: MailboxType[] = ['UserMailbox', 'SharedMailbox', 'RoomMailbox', 'EquipmentMailbox'];

/** Multi-valued links are shown by recipient Name, as the service does. */
export function nameOf(c: CmdCtx, guid: string): string {
  const r = findRecipient(c.model, guid);
  return r ? r.obj.name : guid;
}

export function mailboxRow(c: CmdCtx, m: ExoMailbox): Record<string, unknown> {
  const upn = c.tenant.users.get(m.userId)?.props.userPrincipalName ?? m.primary;
  const resource = m.type === 'RoomMailbox' ? 'Room' : m.type === 'EquipmentMailbox' ? 'Equipment' : null;
  return {
    Identity: m.name, Name: m.name, Alias: m.alias, DisplayName: m.displayName, Guid: m.guid, ExchangeGuid: m.guid,
    ExternalDirectoryObjectId: m.userId, UserPrincipalName: upn, PrimarySmtpAddress: m.primary,
    EmailAddresses: [`SMTP:${m.primary}`, ...m.aliases.map((a) => `smtp:${a}`)], RecipientType: 'UserMailbox',
    RecipientTypeDetails: m.type, IsShared: m.type === 'SharedMailbox', IsResource: resource !== null, ResourceType: resource,
    ResourceCapacity: m.resourceCapacity, HiddenFromAddressListsEnabled: m.hidden,
    ForwardingSmtpAddress: m.forwardingSmtp ? `smtp:${m.forwardingSmtp}` : null, ForwardingAddress: null,
    DeliverToMailboxAndForward: m.deliverAndForward,
    ...Object.fromEntries(SIZE_PARAMS.map((k) => [k, formatSize(m.limits[k] ?? null)])),
    LitigationHoldEnabled: m.litigationHold, ArchiveStatus: m.archiveGuid ? 'Active' : 'None', ArchiveGuid: m.archiveGuid ?? NO_ARCHIVE,
    GrantSendOnBehalfTo: m.sendOnBehalf.map((g) => nameOf(c, g)),
    ...settingsRow(c, m),
  };
}

function getMailbox(c: CmdCtx, p: Params): unknown[] {
  const identity = str(p, 'Identity');
  if (identity !== undefined) return [mailboxRow(c, mailboxOf(c, identity))];
  const types = list(p, 'RecipientTypeDetails')?.map((t) => {
    const hit = TYPE_DETAILS.find((x) => x.toLowerCase() === t.toLowerCase());
    if (!hit) throw bindingError(`Cannot process argument transformation on parameter 'RecipientTypeDetails'. Cannot convert value "${t}" to type "Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails".`);
    return hit;
  });
  const rows = c.model.mailboxes.filter((m) => !types || types.includes(m.type));
  return limit(c, p, rows).map((m) => mailboxRow(c, m));
}

function newMailboxCmd(c: CmdCtx, p: Params): unknown[] {
  const kinds = (['Shared', 'Room', 'Equipment'] as const).filter((k) => bool(p, k));
  if (kinds.length !== 1) throw bindingError('Parameter set cannot be resolved using the specified named parameters.');
  const name = str(p, 'Name') as string;
  const alias = str(p, 'Alias') ?? name.replace(/[^A-Za-z0-9._-]/g, '');
  const primary = (str(p, 'PrimarySmtpAddress') ?? `${alias}@${c.tenant.domains[0]}`).toLowerCase();
  checkDomain(c, primary);
  if (c.model.mailboxes.some((m) => m.name.toLowerCase() === name.toLowerCase())) throw nameTaken(name);
  const owner = proxyOwner(c.model, primary);
  if (owner || c.tenant.upnIndex.has(primary)) throw proxyTaken(primary, owner?.obj.name ?? primary);
  const displayName = str(p, 'DisplayName') ?? name;
  const user = addMailboxUser(c.tenant, primary, displayName, alias, c.now);
  const type = `${kinds[0]}Mailbox` as MailboxType;
  const m = newMailbox(c.tenant, { userId: user.id, name, alias, displayName, primary, type });
  if (type === 'RoomMailbox' || type === 'EquipmentMailbox') m.cas.ImapEnabled = m.cas.PopEnabled = false;
  c.model.mailboxes.push(m);
  return [mailboxRow(c, m)];
}

function setAddresses(c: CmdCtx, m: ExoMailbox, p: Params): void {
  const current = [`SMTP:${m.primary}`, ...m.aliases.map((a) => `smtp:${a}`)];
  const next = multi(p, 'EmailAddresses', current, (a) => (/^smtp:/i.test(a) ? a : `smtp:${a}`));
  if (!next) return;
  const primaries = next.filter((a) => a.startsWith('SMTP:'));
  const primary = (primaries[0] ?? `SMTP:${m.primary}`).slice(5).toLowerCase();
  if (primaries.length > 1) throw new CmdletError('Microsoft.Exchange.Data.DataValidationException', 'There are multiple primary SMTP addresses. Please ensure there is only one primary address for each address type.');
  const aliases = [...new Set(next.map((a) => a.slice(5).toLowerCase()))].filter((a) => a !== primary);
  if (primaries.length === 0 && !next.some((a) => a.slice(5).toLowerCase() === m.primary)) {
    throw new CmdletError('Microsoft.Exchange.Data.DataValidationException', `The primary SMTP address "${m.primary}" can't be removed.`);
  }
  for (const a of [primary, ...aliases]) {
    checkDomain(c, a);
    const owner = proxyOwner(c.model, a, m.guid);
    if (owner) throw proxyTaken(a, owner.obj.name);
  }
  m.primary = primary;
  m.aliases = aliases;
}

function setMailbox(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  setSettings(c, m, p);
  const displayName = str(p, 'DisplayName');
  if (displayName !== undefined) {
    m.displayName = displayName;
    const user = c.tenant.users.get(m.userId);
    if (user) touchUser(c.tenant, user.id, { displayName });
  }
  setAddresses(c, m, p);
  m.hidden = bool(p, 'HiddenFromAddressListsEnabled') ?? m.hidden;
  if ('ForwardingSmtpAddress' in p) {
    const to = str(p, 'ForwardingSmtpAddress');
    m.forwardingSmtp = to ? to.replace(/^smtp:/i, '').toLowerCase() : null;
  }
  m.deliverAndForward = bool(p, 'DeliverToMailboxAndForward') ?? m.deliverAndForward;
  for (const k of SIZE_PARAMS) if (p[k] !== undefined) m.limits[k] = sizeParam(k, p[k]);
  m.litigationHold = bool(p, 'LitigationHoldEnabled') ?? m.litigationHold;
  const type = oneOf(p, 'Type', ['Regular', 'Shared', 'Room', 'Equipment'] as const);
  if (type) m.type = type === 'Regular' ? 'UserMailbox' : (`${type}Mailbox` as MailboxType);
  if (p.ResourceCapacity !== undefined) {
    if (m.type !== 'RoomMailbox' && m.type !== 'EquipmentMailbox') {
      throw new CmdletError('Microsoft.Exchange.Data.DataValidationException', 'ResourceCapacity can only be set on room or equipment mailboxes.');
    }
    m.resourceCapacity = p.ResourceCapacity === null ? null : (int(p, 'ResourceCapacity', 0, 2147483647) ?? null);
  }
  const onBehalf = multi(p, 'GrantSendOnBehalfTo', m.sendOnBehalf, (ref) => recipientOf(c, ref).obj.guid);
  if (onBehalf) m.sendOnBehalf = onBehalf;
  return [];
}

function touchUser(tenant: TenantState, id: string, props: Record<string, unknown>): void {
  const user = tenant.users.get(id);
  if (!user) return;
  Object.assign(user.props, props);
  tenant.version += 1;
  user.version = tenant.version;
}

function removeMailbox(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  c.model.mailboxes = c.model.mailboxes.filter((x) => x !== m);
  for (const other of c.model.mailboxes) other.sendOnBehalf = other.sendOnBehalf.filter((g) => g !== m.guid);
  for (const g of c.model.groups) g.members = g.members.filter((x) => x !== m.guid);
  const user = removeUser(c.tenant, m.userId);
  if (user) {
    user.props.deletedDateTime = new Date(c.now).toISOString();
    c.tenant.deletedUsers.set(user.id, user);
    c.tenant.version += 1;
  }
  return [];
}

function archive(enable: boolean) {
  return (c: CmdCtx, p: Params): unknown[] => {
    if (!bool(p, 'Archive')) throw bindingError('Parameter set cannot be resolved using the specified named parameters.');
    const m = mailboxOf(c, str(p, 'Identity') as string);
    if (enable && m.archiveGuid) {
      throw new CmdletError('Microsoft.Exchange.Management.Tasks.MailboxAlreadyHasArchiveException', `The mailbox "${m.name}" already has an archive.`);
    }
    if (!enable && !m.archiveGuid) {
      throw new CmdletError('Microsoft.Exchange.Management.Tasks.MailboxHasNoArchiveException', `The mailbox "${m.name}" doesn't have an archive.`);
    }
    m.archiveGuid = enable ? randomUUID() : null;
    return enable ? [mailboxRow(c, m)] : [];
  };
}

function casRow(m: ExoMailbox): Record<string, unknown> {
  return {
    Identity: m.name, Name: m.name, Guid: m.guid, ExternalDirectoryObjectId: m.userId, PrimarySmtpAddress: m.primary,
    ...Object.fromEntries(CAS_PARAMS.map((k) => [k, m.cas[k] ?? true])),
  };
}

function getCas(c: CmdCtx, p: Params): unknown[] {
  const identity = str(p, 'Identity');
  if (identity !== undefined) return [casRow(mailboxOf(c, identity))];
  return limit(c, p, c.model.mailboxes).map(casRow);
}

function setCas(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  for (const k of CAS_PARAMS) m.cas[k] = bool(p, k) ?? m.cas[k] ?? true;
  return [];
}

function getBooking(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  return [{ Identity: m.name, MailboxOwnerId: m.name, ...m.booking }];
}

function setBooking(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  m.booking.AutomateProcessing = oneOf(p, 'AutomateProcessing', ['None', 'AutoUpdate', 'AutoAccept'] as const) ?? m.booking.AutomateProcessing;
  m.booking.BookingWindowInDays = int(p, 'BookingWindowInDays', 0, 1080) ?? m.booking.BookingWindowInDays;
  m.booking.MaximumDurationInMinutes = int(p, 'MaximumDurationInMinutes', 0, 2147483647) ?? m.booking.MaximumDurationInMinutes;
  m.booking.AllowConflicts = bool(p, 'AllowConflicts') ?? m.booking.AllowConflicts;
  return [];
}

/**
 * Get-MailboxStatistics (Exchange cmdlet reference): the size and item count of one mailbox. A conversion with
 * Set-Mailbox -Type keeps the mailbox and so its items; only removing the mailbox loses them.
 */
function getStatistics(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  return [{
    DisplayName: m.displayName, MailboxGuid: m.guid, ItemCount: m.itemCount ?? 0, TotalItemSize: formatSize(m.totalItemBytes ?? 0),
    MailboxTypeDetail: m.type,
  }];
}

export const mailboxCmdlets: Record<string, Cmdlet> = {
  'Get-Mailbox': { params: ['Identity', 'ResultSize', 'RecipientTypeDetails'], paged: true, run: getMailbox },
  'Get-EXOMailbox': { params: ['Identity', 'ResultSize', 'RecipientTypeDetails', 'Properties', 'PropertySets'], paged: true, run: getMailbox },
  'New-Mailbox': { params: ['Name', 'DisplayName', 'Alias', 'PrimarySmtpAddress', 'Shared', 'Room', 'Equipment'], required: ['Name'], run: newMailboxCmd },
  'Set-Mailbox': {
    params: ['Identity', 'DisplayName', 'EmailAddresses', 'HiddenFromAddressListsEnabled', 'ForwardingSmtpAddress',
      'DeliverToMailboxAndForward', ...SIZE_PARAMS, 'LitigationHoldEnabled', 'Type', 'ResourceCapacity', 'GrantSendOnBehalfTo',
      ...SETTINGS_PARAMS],
    required: ['Identity'], run: setMailbox,
  },
  'Get-MailboxStatistics': { params: ['Identity'], required: ['Identity'], run: getStatistics },
  'Get-EXOMailboxStatistics': { params: ['Identity', 'Properties', 'PropertySets'], required: ['Identity'], run: getStatistics },
  'Remove-Mailbox': { params: ['Identity', 'Permanent'], required: ['Identity'], run: removeMailbox },
  'Enable-Mailbox': { params: ['Identity', 'Archive'], required: ['Identity'], run: archive(true) },
  'Disable-Mailbox': { params: ['Identity', 'Archive'], required: ['Identity'], run: archive(false) },
  'Get-CASMailbox': { params: ['Identity', 'ResultSize'], paged: true, run: getCas },
  'Get-EXOCASMailbox': { params: ['Identity', 'ResultSize', 'Properties', 'PropertySets'], paged: true, run: getCas },
  'Set-CASMailbox': { params: ['Identity', ...CAS_PARAMS], required: ['Identity'], run: setCas },
  'Get-CalendarProcessing': { params: ['Identity'], required: ['Identity'], run: getBooking },
  'Set-CalendarProcessing': {
    params: ['Identity', 'AutomateProcessing', 'BookingWindowInDays', 'MaximumDurationInMinutes', 'AllowConflicts'],
    required: ['Identity'], run: setBooking,
  },
};
