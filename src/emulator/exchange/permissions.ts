// Permission cmdlets: FullAccess (MailboxPermission), SendAs (RecipientPermission) and the folder permissions of the
// calendar and the contacts folder, each named in the mailbox's language (`alice:\Kalender`, `alice:\Kontakte`), found
// by Get-MailboxFolderStatistics.
import { str, list, limit, mailboxOf, oneOf, bool, type CmdCtx, type Cmdlet, type Params } from './cmdlet.js';
import { findRecipient, type ExoMailbox, type FolderEntry } from './model.js';
import { CmdletError, folderNotFound, invalidValue, notFound } from './values.js';

const SELF = 'NT AUTHORITY\\SELF';
export const CALENDAR_ROLES = ['Owner', 'PublishingEditor', 'Editor', 'PublishingAuthor', 'Author', 'NonEditingAuthor',
  'Reviewer', 'Contributor', 'AvailabilityOnly', 'LimitedDetails', 'None'] as const;
const BIRTHDAYS: Record<string, string> = { Kalender: 'Geburtstage', Calendrier: 'Anniversaires', Calendario: 'Cumpleaños' };

/** A trustee is any directory user (licensed or not) or a mail-enabled security group; shown by UPN. */
function trustee(c: CmdCtx, ref: string): string {
  const lower = ref.toLowerCase();
  const r = findRecipient(c.model, lower);
  if (r?.kind === 'mailbox') return String(c.tenant.users.get(r.obj.userId)?.props.userPrincipalName ?? r.obj.primary).toLowerCase();
  if (r?.kind === 'group' && r.obj.security) return r.obj.primary;
  if (c.tenant.upnIndex.has(lower)) return lower;
  throw notFound(ref);
}

function permissionRow(m: ExoMailbox, user: string, rights: string[]) {
  return { Identity: m.name, User: user, AccessRights: rights, IsInherited: false, Deny: false, InheritanceType: 'All' };
}

function getMailboxPermission(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  const user = str(p, 'User');
  const rows = [permissionRow(m, SELF, ['FullAccess', 'ReadPermission']), ...m.fullAccess.map((f) => permissionRow(m, f.user, ['FullAccess']))];
  if (user === undefined) return rows;
  const who = trustee(c, user);
  return rows.filter((r) => r.User === who);
}

function rights(p: Params, allowed: string[]): string[] {
  const given = list(p, 'AccessRights') ?? [];
  for (const r of given) if (!allowed.some((a) => a.toLowerCase() === r.toLowerCase())) throw invalidValue('AccessRights', r, allowed);
  return given;
}

const MAILBOX_RIGHTS = ['FullAccess', 'ReadPermission', 'ChangePermission', 'ChangeOwner', 'DeleteItem', 'ExternalAccount', 'SendAs'];

function addMailboxPermission(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  const user = trustee(c, str(p, 'User') as string);
  if (rights(p, MAILBOX_RIGHTS).some((r) => r.toLowerCase() === 'fullaccess') && !m.fullAccess.some((f) => f.user === user)) {
    m.fullAccess.push({ user, autoMapping: bool(p, 'AutoMapping') ?? true });
  }
  return [permissionRow(m, user, ['FullAccess'])];
}

function removeMailboxPermission(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  const user = trustee(c, str(p, 'User') as string);
  rights(p, MAILBOX_RIGHTS);
  if (!m.fullAccess.some((f) => f.user === user)) {
    c.warnings.push(`Can't remove the access control entry on the object "${m.name}" for account "${user}" because the ACE doesn't exist on the object.`);
  }
  m.fullAccess = m.fullAccess.filter((f) => f.user !== user);
  return [];
}

function sendAsRow(m: ExoMailbox, who: string) {
  return { Identity: m.name, Trustee: who, AccessControlType: 'Allow', AccessRights: ['SendAs'], IsInherited: false, InheritanceType: 'None' };
}

function getRecipientPermission(c: CmdCtx, p: Params): unknown[] {
  const identity = str(p, 'Identity');
  const mailboxes = identity === undefined ? c.model.mailboxes : [mailboxOf(c, identity)];
  const who = str(p, 'Trustee');
  const filter = who === undefined ? undefined : trustee(c, who);
  const rows = mailboxes.flatMap((m) => [sendAsRow(m, SELF), ...m.sendAs.map((t) => sendAsRow(m, t))])
    .filter((r) => filter === undefined || r.Trustee === filter);
  return limit(c, p, rows);
}

function changeSendAs(add: boolean) {
  return (c: CmdCtx, p: Params): unknown[] => {
    const m = mailboxOf(c, str(p, 'Identity') as string);
    const who = trustee(c, str(p, 'Trustee') as string);
    rights(p, ['SendAs']);
    if (add) {
      if (!m.sendAs.includes(who)) m.sendAs.push(who);
      return [sendAsRow(m, who)];
    }
    if (!m.sendAs.includes(who)) c.warnings.push(`The appropriate access control entry is already absent on object "${m.name}" for account "${who}".`);
    m.sendAs = m.sendAs.filter((t) => t !== who);
    return [];
  };
}

/** The contacts folder's name in the mailbox's language, fixed when first used (as a mailbox's folders are). */
const CONTACTS_NAMES: Record<string, string> = { de: 'Kontakte', sv: 'Kontakter', nl: 'Contactpersonen', fr: 'Contacts', es: 'Contactos', it: 'Contatti' };

interface Folder { m: ExoMailbox; name: string; entries: () => FolderEntry[]; keep: (next: FolderEntry[]) => void }

function contactsOf(c: CmdCtx, m: ExoMailbox): Folder {
  const language = String(c.tenant.users.get(m.userId)?.props.preferredLanguage ?? '').slice(0, 2).toLowerCase();
  m.contactsName ??= CONTACTS_NAMES[language] ?? 'Contacts';
  m.contactsFolder ??= [{ user: 'Default', rights: ['None'] }, { user: 'Anonymous', rights: ['None'] }];
  return { m, name: m.contactsName, entries: () => m.contactsFolder ?? [], keep: (next) => { m.contactsFolder = next; } };
}

/** `mailbox:\Folder`; the calendar and the contacts folder are modelled, under their localized names. */
function folderOf(c: CmdCtx, identity: string): Folder {
  const at = identity.indexOf(':\\');
  if (at < 0) throw folderNotFound(identity);
  const m = mailboxOf(c, identity.slice(0, at));
  const name = identity.slice(at + 2).toLowerCase();
  if (name === m.calendarName.toLowerCase()) return { m, name: m.calendarName, entries: () => m.calendar, keep: (next) => { m.calendar = next; } };
  const contacts = contactsOf(c, m);
  if (name === contacts.name.toLowerCase()) return contacts;
  throw folderNotFound(identity);
}

function folderUser(c: CmdCtx, ref: string): string {
  if (/^(default|anonymous)$/i.test(ref)) return ref[0]!.toUpperCase() + ref.slice(1).toLowerCase();
  const r = findRecipient(c.model, ref);
  if (!r || r.kind === 'contact') {
    throw new CmdletError('Microsoft.Exchange.Management.StoreTasks.InvalidInternalUserIdException', `The user "${ref}" is either not valid SMTP address, or there is no matching information.`);
  }
  return r.obj.primary;
}

function folderRow(c: CmdCtx, f: Folder, user: string, accessRights: string[]) {
  const special = user === 'Default' || user === 'Anonymous';
  const r = special ? undefined : findRecipient(c.model, user);
  return {
    Identity: `${f.m.name}:\\${f.name}`, FolderName: f.name, AccessRights: accessRights, SharingPermissionFlags: null,
    User: { DisplayName: r?.obj.displayName ?? user, UserType: special ? user : 'Internal', RecipientPrincipal: special ? null : { PrimarySmtpAddress: user } },
  };
}

function displayOf(c: CmdCtx, user: string): string {
  return findRecipient(c.model, user)?.obj.displayName ?? user;
}

function getFolderPermission(c: CmdCtx, p: Params): unknown[] {
  const f = folderOf(c, str(p, 'Identity') as string);
  const filter = str(p, 'User');
  const who = filter === undefined ? undefined : folderUser(c, filter);
  return f.entries().filter((e) => who === undefined || e.user === who).map((e) => folderRow(c, f, e.user, e.rights));
}

function changeFolderPermission(mode: 'add' | 'set' | 'remove') {
  return (c: CmdCtx, p: Params): unknown[] => {
    const f = folderOf(c, str(p, 'Identity') as string);
    const user = folderUser(c, str(p, 'User') as string);
    const existing = f.entries().find((e) => e.user === user);
    if (mode === 'add' && existing) {
      throw new CmdletError('Microsoft.Exchange.Management.StoreTasks.UserAlreadyExistsInPermissionEntryException', `An existing permission entry was found for user: ${displayOf(c, user)}.`);
    }
    if (mode !== 'add' && !existing) {
      throw new CmdletError('Microsoft.Exchange.Management.StoreTasks.UserNotFoundInPermissionEntryException', `There is no existing permission entry found for user: ${displayOf(c, user)}.`);
    }
    if (mode === 'remove') {
      if (user === 'Default' || user === 'Anonymous') {
        throw new CmdletError('Microsoft.Exchange.Data.StoreObjects.InvalidOperationException', `The permission entry for ${user} can't be removed. Use Set-MailboxFolderPermission to change it.`);
      }
      f.keep(f.entries().filter((e) => e !== existing));
      return [];
    }
    const role = folderRole(p);
    if (existing) existing.rights = [role];
    else f.keep([...f.entries(), { user, rights: [role] }]);
    return [folderRow(c, f, user, [role])];
  };
}

/** AccessRights takes one role, given alone or as a one-element array. */
function folderRole(p: Params): string {
  const given = list(p, 'AccessRights') ?? [];
  const role = CALENDAR_ROLES.find((r) => r.toLowerCase() === given[0]?.toLowerCase());
  if (given.length !== 1 || !role) throw invalidValue('AccessRights', given.join(','), [...CALENDAR_ROLES]);
  return role;
}

function getFolderStatistics(c: CmdCtx, p: Params): unknown[] {
  const m = mailboxOf(c, str(p, 'Identity') as string);
  const scope = oneOf(p, 'FolderScope', ['All', 'Calendar', 'Inbox', 'Contacts'] as const) ?? 'All';
  const cal = m.calendarName;
  const birthdays = BIRTHDAYS[cal] ?? 'Birthdays';
  const folders = [
    { Name: cal, FolderPath: `/${cal}`, FolderType: 'Calendar' },
    { Name: birthdays, FolderPath: `/${cal}/${birthdays}`, FolderType: 'Birthdays' },
  ];
  const contacts = contactsOf(c, m).name;
  const rows = [
    ...(scope === 'Calendar' || scope === 'All' ? folders : []),
    ...(scope === 'Contacts' || scope === 'All' ? [{ Name: contacts, FolderPath: `/${contacts}`, FolderType: 'Contacts' }] : []),
  ];
  return rows.map((f) => ({ ...f, Identity: `${m.name}${f.FolderPath.replace(/\//g, '\\')}`, ItemsInFolder: 0, FolderSize: '0 B (0 bytes)' }));
}

export const permissionCmdlets: Record<string, Cmdlet> = {
  'Get-MailboxPermission': { params: ['Identity', 'User'], required: ['Identity'], paged: true, run: getMailboxPermission },
  'Get-EXOMailboxPermission': { params: ['Identity', 'User'], required: ['Identity'], paged: true, run: getMailboxPermission },
  'Add-MailboxPermission': { params: ['Identity', 'User', 'AccessRights', 'AutoMapping', 'InheritanceType'], required: ['Identity', 'User', 'AccessRights'], run: addMailboxPermission },
  'Remove-MailboxPermission': { params: ['Identity', 'User', 'AccessRights', 'InheritanceType'], required: ['Identity', 'User', 'AccessRights'], run: removeMailboxPermission },
  'Get-RecipientPermission': { params: ['Identity', 'Trustee', 'AccessRights', 'ResultSize'], paged: true, run: getRecipientPermission },
  'Get-EXORecipientPermission': { params: ['Identity', 'Trustee', 'AccessRights', 'ResultSize'], paged: true, run: getRecipientPermission },
  'Add-RecipientPermission': { params: ['Identity', 'Trustee', 'AccessRights'], required: ['Identity', 'Trustee', 'AccessRights'], run: changeSendAs(true) },
  'Remove-RecipientPermission': { params: ['Identity', 'Trustee', 'AccessRights'], required: ['Identity', 'Trustee', 'AccessRights'], run: changeSendAs(false) },
  'Get-MailboxFolderStatistics': { params: ['Identity', 'FolderScope'], required: ['Identity'], paged: true, run: getFolderStatistics },
  'Get-EXOMailboxFolderStatistics': { params: ['Identity', 'FolderScope'], required: ['Identity'], paged: true, run: getFolderStatistics },
  'Get-MailboxFolderPermission': { params: ['Identity', 'User'], required: ['Identity'], paged: true, run: getFolderPermission },
  'Get-EXOMailboxFolderPermission': { params: ['Identity', 'User'], required: ['Identity'], paged: true, run: getFolderPermission },
  'Add-MailboxFolderPermission': { params: ['Identity', 'User', 'AccessRights', 'SharingPermissionFlags', 'SendNotificationToUser'], required: ['Identity', 'User', 'AccessRights'], run: changeFolderPermission('add') },
  'Set-MailboxFolderPermission': { params: ['Identity', 'User', 'AccessRights', 'SharingPermissionFlags', 'SendNotificationToUser'], required: ['Identity', 'User', 'AccessRights'], run: changeFolderPermission('set') },
  'Remove-MailboxFolderPermission': { params: ['Identity', 'User'], required: ['Identity', 'User'], run: changeFolderPermission('remove') },
};
