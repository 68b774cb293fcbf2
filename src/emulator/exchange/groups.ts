// Distribution groups (and mail-enabled security groups), their members, mail contacts and Get-Recipient.
import { randomUUID } from 'node:crypto';
import {
  bool, checkDomain, limit, list, multi, nameTaken, oneOf, proxyTaken, recipientOf, str, type CmdCtx, type Cmdlet, type Params,
} from './cmdlet.js';
import { findRecipient, primaryOf, proxyOwner, recipients, type ExoContact, type ExoGroup, type Recipient } from './model.js';
import { nameOf } from './mailboxes.js';
import { CmdletError, notFound } from './values.js';

function groupOf(c: CmdCtx, identity: string): ExoGroup {
  const r = findRecipient(c.model, identity);
  if (!r || r.kind !== 'group') throw notFound(identity);
  return r.obj;
}

function groupRow(c: CmdCtx, g: ExoGroup): Record<string, unknown> {
  return {
    Identity: g.name, Name: g.name, Alias: g.alias, DisplayName: g.displayName, Guid: g.guid, ExternalDirectoryObjectId: g.guid,
    PrimarySmtpAddress: g.primary, EmailAddresses: [`SMTP:${g.primary}`, ...g.aliases.map((a) => `smtp:${a}`)],
    RecipientType: g.security ? 'MailUniversalSecurityGroup' : 'MailUniversalDistributionGroup',
    RecipientTypeDetails: g.security ? 'MailUniversalSecurityGroup' : 'MailUniversalDistributionGroup',
    GroupType: g.security ? 'Universal, SecurityEnabled' : 'Universal', HiddenFromAddressListsEnabled: g.hidden,
    RequireSenderAuthenticationEnabled: g.requireAuth, ManagedBy: g.managedBy.map((x) => nameOf(c, x)),
    AcceptMessagesOnlyFromSendersOrMembers: g.acceptFrom.map((x) => nameOf(c, x)),
    RejectMessagesFromSendersOrMembers: g.rejectFrom.map((x) => nameOf(c, x)),
  };
}

function recipientRow(r: Recipient): Record<string, unknown> {
  const type = r.kind === 'mailbox' ? 'UserMailbox' : r.kind === 'contact' ? 'MailContact'
    : r.obj.security ? 'MailUniversalSecurityGroup' : 'MailUniversalDistributionGroup';
  return {
    Identity: r.obj.name, Name: r.obj.name, Alias: r.obj.alias, DisplayName: r.obj.displayName, Guid: r.obj.guid,
    ExternalDirectoryObjectId: r.kind === 'mailbox' ? r.obj.userId : r.obj.guid, PrimarySmtpAddress: primaryOf(r),
    RecipientType: type, RecipientTypeDetails: r.kind === 'mailbox' ? r.obj.type : type,
  };
}

const guidOf = (c: CmdCtx) => (ref: string): string => recipientOf(c, ref).obj.guid;

function setLinks(c: CmdCtx, g: ExoGroup, p: Params): void {
  g.managedBy = multi(p, 'ManagedBy', g.managedBy, guidOf(c)) ?? g.managedBy;
  g.acceptFrom = multi(p, 'AcceptMessagesOnlyFromSendersOrMembers', g.acceptFrom, guidOf(c)) ?? g.acceptFrom;
  g.rejectFrom = multi(p, 'RejectMessagesFromSendersOrMembers', g.rejectFrom, guidOf(c)) ?? g.rejectFrom;
  g.requireAuth = bool(p, 'RequireSenderAuthenticationEnabled') ?? g.requireAuth;
  g.hidden = bool(p, 'HiddenFromAddressListsEnabled') ?? g.hidden;
  g.displayName = str(p, 'DisplayName') ?? g.displayName;
}

function newGroup(c: CmdCtx, p: Params): unknown[] {
  const name = str(p, 'Name') as string;
  const alias = str(p, 'Alias') ?? name.replace(/[^A-Za-z0-9._-]/g, '');
  const primary = (str(p, 'PrimarySmtpAddress') ?? `${alias}@${c.tenant.domains[0]}`).toLowerCase();
  checkDomain(c, primary);
  if (recipients(c.model).some((r) => r.obj.name.toLowerCase() === name.toLowerCase())) throw nameTaken(name);
  const owner = proxyOwner(c.model, primary);
  if (owner) throw proxyTaken(primary, owner.obj.name);
  const type = oneOf(p, 'Type', ['Distribution', 'Security'] as const) ?? 'Distribution';
  const g: ExoGroup = {
    guid: randomUUID(), name, alias, displayName: name, primary, aliases: [], security: type === 'Security', hidden: false,
    requireAuth: true, members: (list(p, 'Members') ?? []).map(guidOf(c)), managedBy: [], acceptFrom: [], rejectFrom: [],
  };
  setLinks(c, g, p);
  c.model.groups.push(g);
  return [groupRow(c, g)];
}

function setGroup(c: CmdCtx, p: Params): unknown[] {
  const g = groupOf(c, str(p, 'Identity') as string);
  setLinks(c, g, p);
  const primary = str(p, 'PrimarySmtpAddress')?.toLowerCase();
  if (primary && primary !== g.primary) {
    checkDomain(c, primary);
    const owner = proxyOwner(c.model, primary, g.guid);
    if (owner) throw proxyTaken(primary, owner.obj.name);
    g.aliases = [...new Set([...g.aliases.filter((a) => a !== primary), g.primary])];
    g.primary = primary;
  }
  return [];
}

function removeGroup(c: CmdCtx, p: Params): unknown[] {
  const g = groupOf(c, str(p, 'Identity') as string);
  c.model.groups = c.model.groups.filter((x) => x !== g);
  for (const other of c.model.groups) other.members = other.members.filter((m) => m !== g.guid);
  return [];
}

function getGroup(c: CmdCtx, p: Params): unknown[] {
  const identity = str(p, 'Identity');
  if (identity !== undefined) return [groupRow(c, groupOf(c, identity))];
  const types = list(p, 'RecipientTypeDetails')?.map((t) => t.toLowerCase());
  const rows = c.model.groups.filter((g) => !types || types.includes(String(groupRow(c, g).RecipientTypeDetails).toLowerCase()));
  return limit(c, p, rows).map((g) => groupRow(c, g));
}

function getMembers(c: CmdCtx, p: Params): unknown[] {
  const g = groupOf(c, str(p, 'Identity') as string);
  const rows = g.members.map((m) => findRecipient(c.model, m)).filter((r): r is Recipient => r !== undefined);
  return limit(c, p, rows).map(recipientRow);
}

function changeMember(add: boolean) {
  return (c: CmdCtx, p: Params): unknown[] => {
    const g = groupOf(c, str(p, 'Identity') as string);
    const member = recipientOf(c, str(p, 'Member') as string);
    const has = g.members.includes(member.obj.guid);
    if (add && has) {
      throw new CmdletError('Microsoft.Exchange.Management.Tasks.MemberAlreadyExistsException', `The recipient "${member.obj.name}" is already a member of the group "${g.name}".`);
    }
    if (!add && !has) {
      throw new CmdletError('Microsoft.Exchange.Management.Tasks.MemberNotFoundException', `The recipient "${member.obj.name}" isn't a member of the group "${g.name}".`);
    }
    if (add && member.obj.guid === g.guid) {
      throw new CmdletError('Microsoft.Exchange.Management.Tasks.RecipientTaskException', `The group "${g.name}" can't be a member of itself.`);
    }
    g.members = add ? [...g.members, member.obj.guid] : g.members.filter((m) => m !== member.obj.guid);
    return [];
  };
}

function contactOf(c: CmdCtx, identity: string): ExoContact {
  const r = findRecipient(c.model, identity);
  if (!r || r.kind !== 'contact') throw notFound(identity);
  return r.obj;
}

function mailContactRow(k: ExoContact): Record<string, unknown> {
  return {
    Identity: k.name, Name: k.name, Alias: k.alias, DisplayName: k.displayName, Guid: k.guid, ExternalDirectoryObjectId: k.guid,
    ExternalEmailAddress: `SMTP:${k.external}`, PrimarySmtpAddress: k.external, EmailAddresses: [`SMTP:${k.external}`],
    HiddenFromAddressListsEnabled: k.hidden, RecipientType: 'MailContact', RecipientTypeDetails: 'MailContact',
  };
}

function contactRow(k: ExoContact): Record<string, unknown> {
  return {
    Identity: k.name, Name: k.name, DisplayName: k.displayName, FirstName: k.firstName, LastName: k.lastName,
    Company: k.company, WindowsEmailAddress: k.external, RecipientTypeDetails: 'MailContact',
  };
}

function newContact(c: CmdCtx, p: Params): unknown[] {
  const name = str(p, 'Name') as string;
  const external = (str(p, 'ExternalEmailAddress') as string).replace(/^smtp:/i, '').toLowerCase();
  if (recipients(c.model).some((r) => r.obj.name.toLowerCase() === name.toLowerCase())) throw nameTaken(name);
  const owner = proxyOwner(c.model, external);
  if (owner) throw proxyTaken(external, owner.obj.name);
  const k: ExoContact = {
    guid: randomUUID(), name, alias: str(p, 'Alias') ?? name.replace(/[^A-Za-z0-9]/g, ''), displayName: str(p, 'DisplayName') ?? name,
    external, hidden: false, firstName: str(p, 'FirstName') ?? '', lastName: str(p, 'LastName') ?? '', company: '',
  };
  c.model.contacts.push(k);
  return [mailContactRow(k)];
}

function setMailContact(c: CmdCtx, p: Params): unknown[] {
  const k = contactOf(c, str(p, 'Identity') as string);
  k.displayName = str(p, 'DisplayName') ?? k.displayName;
  k.hidden = bool(p, 'HiddenFromAddressListsEnabled') ?? k.hidden;
  return [];
}

function setContact(c: CmdCtx, p: Params): unknown[] {
  const k = contactOf(c, str(p, 'Identity') as string);
  k.firstName = str(p, 'FirstName') ?? k.firstName;
  k.lastName = str(p, 'LastName') ?? k.lastName;
  k.company = str(p, 'Company') ?? k.company;
  k.displayName = str(p, 'DisplayName') ?? k.displayName;
  return [];
}

function getContacts(row: (k: ExoContact) => Record<string, unknown>) {
  return (c: CmdCtx, p: Params): unknown[] => {
    const identity = str(p, 'Identity');
    if (identity !== undefined) return [row(contactOf(c, identity))];
    return limit(c, p, c.model.contacts).map(row);
  };
}

function getRecipient(c: CmdCtx, p: Params): unknown[] {
  const identity = str(p, 'Identity');
  if (identity !== undefined) return [recipientRow(recipientOf(c, identity))];
  return limit(c, p, recipients(c.model)).map(recipientRow);
}

const LINKS = ['ManagedBy', 'AcceptMessagesOnlyFromSendersOrMembers', 'RejectMessagesFromSendersOrMembers', 'RequireSenderAuthenticationEnabled', 'HiddenFromAddressListsEnabled', 'DisplayName'];

export const groupCmdlets: Record<string, Cmdlet> = {
  'Get-DistributionGroup': { params: ['Identity', 'ResultSize', 'RecipientTypeDetails'], paged: true, run: getGroup },
  'New-DistributionGroup': { params: ['Name', 'Alias', 'PrimarySmtpAddress', 'Type', 'Members', ...LINKS], required: ['Name'], run: newGroup },
  'Set-DistributionGroup': { params: ['Identity', 'PrimarySmtpAddress', 'BypassSecurityGroupManagerCheck', ...LINKS], required: ['Identity'], run: setGroup },
  'Remove-DistributionGroup': { params: ['Identity', 'BypassSecurityGroupManagerCheck'], required: ['Identity'], run: removeGroup },
  'Get-DistributionGroupMember': { params: ['Identity', 'ResultSize'], required: ['Identity'], paged: true, run: getMembers },
  'Add-DistributionGroupMember': { params: ['Identity', 'Member', 'BypassSecurityGroupManagerCheck'], required: ['Identity', 'Member'], run: changeMember(true) },
  'Remove-DistributionGroupMember': { params: ['Identity', 'Member', 'BypassSecurityGroupManagerCheck'], required: ['Identity', 'Member'], run: changeMember(false) },
  'Get-MailContact': { params: ['Identity', 'ResultSize'], paged: true, run: getContacts(mailContactRow) },
  'New-MailContact': { params: ['Name', 'ExternalEmailAddress', 'DisplayName', 'Alias', 'FirstName', 'LastName'], required: ['Name', 'ExternalEmailAddress'], run: newContact },
  'Set-MailContact': { params: ['Identity', 'DisplayName', 'HiddenFromAddressListsEnabled'], required: ['Identity'], run: setMailContact },
  'Remove-MailContact': { params: ['Identity'], required: ['Identity'], run: (c, p) => {
    const k = contactOf(c, str(p, 'Identity') as string);
    c.model.contacts = c.model.contacts.filter((x) => x !== k);
    for (const g of c.model.groups) g.members = g.members.filter((m) => m !== k.guid);
    return [];
  } },
  'Get-Contact': { params: ['Identity', 'ResultSize', 'RecipientTypeDetails'], paged: true, run: getContacts(contactRow) },
  'Set-Contact': { params: ['Identity', 'FirstName', 'LastName', 'Company', 'DisplayName'], required: ['Identity'], run: setContact },
  'Get-Recipient': { params: ['Identity', 'ResultSize', 'RecipientTypeDetails'], paged: true, run: getRecipient },
};
