// Mail users in Exchange Online, as the cmdlet reference documents them (MicrosoftDocs/office-docs-powershell,
// exchange/exchange-ps/ExchangePowerShell/New-, Get-, Set-, Remove-MailUser.md):
// - the MicrosoftOnlineServicesID parameter set: -Name, -MicrosoftOnlineServicesID and -Password are required there,
//   -ExternalEmailAddress is where mail is delivered; the account gets an address in the tenant's domain (Example 1:
//   "gives Ed an account and email address in the contoso.com domain, but messages sent to Ed are delivered to his
//   tailspintoys.com email address");
// - without -Alias, "the left side of the MicrosoftOnlineServicesID ... is used"; -Name is the DisplayName unless given;
// - a mail user is an Entra account (RecipientTypeDetails MailUser) without a mailbox; Remove-MailUser removes both.
// Its addresses are proxy addresses like any recipient's: none may be another recipient's.
import { randomUUID } from 'node:crypto';
import { removeUser, type TenantState } from '../state.js';
import { addMailboxUser } from './model.js';
import { checkDomain, multi, nameTaken, proxyTaken, str, limit, type CmdCtx, type Cmdlet, type Params } from './cmdlet.js';
import { dynamicGroupsOf } from './dynamic-groups.js';
import { proxyOwner, recipients, type ExchangeModel } from './model.js';
import { bindingError, notFound } from './values.js';

export interface ExoMailUser {
  guid: string; userId: string; name: string; alias: string; displayName: string;
  /** The account's own address (its UPN, lower-case) and secondary ones. */
  primary: string; aliases: string[];
  /** Where mail is delivered, lower-case. */
  external: string;
}

/** The tenant's mail users; one whose Entra account was deleted in the directory is gone with it. */
export function mailUsersOf(c: { model: ExchangeModel; tenant: CmdCtx['tenant'] }): ExoMailUser[] {
  c.model.mailUsers = (c.model.mailUsers ?? []).filter((u) => c.tenant.users.has(u.userId));
  return c.model.mailUsers;
}

/** A seeded mail user: its account has existed since the tenant was seeded (createdMs 0), as a seeded user's has. */
export function seedMailUsers(tenant: TenantState, model: ExchangeModel): void {
  model.mailUsers = (tenant.exchange.mailUsers ?? []).map((s) => {
    const upn = s.userPrincipalName.toLowerCase();
    const alias = upn.split('@')[0]!;
    const displayName = s.displayName ?? alias;
    const user = addMailboxUser(tenant, s.userPrincipalName, displayName, alias, 0);
    Object.assign(user.props, { accountEnabled: true });
    user.hasMailbox = false;
    return { guid: randomUUID(), userId: user.id, name: upn, alias, displayName, primary: upn, aliases: (s.aliases ?? []).map((a) => a.toLowerCase()), external: s.externalEmailAddress.toLowerCase() };
  });
}

function row(c: CmdCtx, u: ExoMailUser): Record<string, unknown> {
  const upn = String(c.tenant.users.get(u.userId)?.props.userPrincipalName ?? u.primary);
  return {
    Identity: u.name, Name: u.name, Alias: u.alias, DisplayName: u.displayName, Guid: u.guid,
    ExternalDirectoryObjectId: u.userId, MicrosoftOnlineServicesID: upn, UserPrincipalName: upn,
    PrimarySmtpAddress: u.primary, ExternalEmailAddress: `SMTP:${u.external}`,
    EmailAddresses: [`SMTP:${u.primary}`, ...u.aliases.map((a) => `smtp:${a}`)],
    RecipientType: 'MailUser', RecipientTypeDetails: 'MailUser',
  };
}

function mailUserOf(c: CmdCtx, identity: string): ExoMailUser {
  const id = identity.trim().toLowerCase().replace(/^smtp:/, '');
  const hits = mailUsersOf(c).filter((u) => [u.guid, u.userId, u.name.toLowerCase(), u.alias.toLowerCase(), u.primary, ...u.aliases].includes(id));
  if (hits.length === 0) throw notFound(identity);
  return hits[0]!;
}

/** Throws when `address` is any other recipient's proxy address. */
function checkFree(c: CmdCtx, address: string, self?: ExoMailUser): void {
  mailUsersOf(c);
  const owner = proxyOwner(c.model, address, self?.guid);
  if (owner) throw proxyTaken(address, owner.obj.name);
  const dynamic = dynamicGroupsOf(c.model).find((g) => g.primary === address);
  if (dynamic) throw proxyTaken(address, dynamic.name);
}

const smtp = (v: string): string => v.trim().replace(/^smtp:/i, '').toLowerCase();

function newMailUser(c: CmdCtx, p: Params): unknown[] {
  const name = str(p, 'Name') as string;
  const upn = smtp(str(p, 'MicrosoftOnlineServicesID') as string);
  const external = smtp(str(p, 'ExternalEmailAddress') ?? upn);
  checkDomain(c, upn);
  if (c.tenant.upnIndex.has(upn)) throw nameTaken(upn);
  const taken = [...recipients(c.model).map((r) => r.obj.name), ...mailUsersOf(c).map((u) => u.name)];
  if (taken.some((n) => n.toLowerCase() === name.toLowerCase())) throw nameTaken(name);
  checkFree(c, upn);
  const alias = str(p, 'Alias') ?? upn.split('@')[0]!;
  const displayName = str(p, 'DisplayName') ?? name;
  const user = addMailboxUser(c.tenant, upn, displayName, alias, c.now);
  // A mail user signs in with its account (Password is required in this set), has no mailbox, and its mail is its UPN.
  Object.assign(user.props, { accountEnabled: true });
  user.hasMailbox = false;
  const u: ExoMailUser = { guid: randomUUID(), userId: user.id, name, alias, displayName, primary: upn, aliases: [], external };
  mailUsersOf(c).push(u);
  return [row(c, u)];
}

function setMailUser(c: CmdCtx, p: Params): unknown[] {
  const u = mailUserOf(c, str(p, 'Identity') as string);
  const aliases = multi(p, 'EmailAddresses', u.aliases.map((a) => `smtp:${a}`), (ref) => ref)?.map(smtp);
  if (aliases !== undefined) {
    // The array form names the primary too (SMTP:); what stays secondary is every other address.
    const next = [...new Set(aliases.filter((a) => a !== u.primary))];
    for (const a of next) {
      checkDomain(c, a);
      checkFree(c, a, u);
    }
    u.aliases = next;
  }
  const external = str(p, 'ExternalEmailAddress');
  if (external !== undefined) u.external = smtp(external);
  const displayName = str(p, 'DisplayName');
  if (displayName !== undefined) {
    if (displayName.trim() === '') throw bindingError("Cannot validate argument on parameter 'DisplayName'. The argument is null or empty.");
    u.displayName = displayName;
    const user = c.tenant.users.get(u.userId);
    if (user) user.props.displayName = displayName;
  }
  return [];
}

export const mailUserCmdlets: Record<string, Cmdlet> = {
  'Get-MailUser': {
    params: ['Identity', 'ResultSize'], paged: true,
    run: (c, p) => {
      const identity = str(p, 'Identity');
      return identity !== undefined ? [row(c, mailUserOf(c, identity))] : limit(c, p, mailUsersOf(c)).map((u) => row(c, u));
    },
  },
  'New-MailUser': {
    params: ['Name', 'MicrosoftOnlineServicesID', 'Password', 'ExternalEmailAddress', 'Alias', 'DisplayName', 'FirstName', 'LastName'],
    required: ['Name', 'MicrosoftOnlineServicesID', 'Password'], run: newMailUser,
  },
  'Set-MailUser': { params: ['Identity', 'DisplayName', 'ExternalEmailAddress', 'EmailAddresses'], required: ['Identity'], run: setMailUser },
  'Remove-MailUser': {
    params: ['Identity'], required: ['Identity'],
    run: (c, p) => {
      const u = mailUserOf(c, str(p, 'Identity') as string);
      c.model.mailUsers = mailUsersOf(c).filter((x) => x !== u);
      removeUser(c.tenant, u.userId);
      c.tenant.version += 1;
      return [];
    },
  },
};
