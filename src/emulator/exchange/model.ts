// Exchange Online's recipients as the emulator keeps them: plain JSON in `tenant.ext.exchange` (persisted with the
// rest of the state), built once from the seed's `tenant.exchange` lists and kept in step with the directory: a
// user licensed for Exchange gets a user mailbox, after a provisioning delay when the license was assigned live.
import { randomUUID } from 'node:crypto';
import { seedMailUsers, type ExoMailUser } from './mail-users.js';
import type { ExoDynamicGroup } from './dynamic-groups.js';
import type { MailboxSettings } from './mailbox-settings.js';
import type { SeedContact, SeedDistributionGroup, SeedMailbox } from '../seed.js';
import { hasExchangePlan } from '../seeding.js';
import { addUser, initialDomain, userList, type TenantState, type UserObject } from '../state.js';
import { DEFAULT_LIMITS, parseSize } from './values.js';
import { expireUnlicensed } from './unlicensed.js';

export type MailboxType = 'UserMailbox' | 'SharedMailbox' | 'RoomMailbox' | 'EquipmentMailbox';
export interface FolderEntry { user: string; rights: string[] }
export interface FullAccessEntry { user: string; autoMapping: boolean }

export interface ExoMailbox {
  guid: string; userId: string; name: string; alias: string; displayName: string; primary: string;
  /** Secondary SMTP addresses, lower-case. */
  aliases: string[]; type: MailboxType; hidden: boolean; forwardingSmtp: string | null; deliverAndForward: boolean;
  /** Bytes; null is Unlimited. */
  limits: Record<string, number | null>; litigationHold: boolean; archiveGuid: string | null;
  /** Recipient guids. */
  sendOnBehalf: string[]; resourceCapacity: number | null; cas: Record<string, boolean>;
  booking: { AutomateProcessing: string; BookingWindowInDays: number; MaximumDurationInMinutes: number; AllowConflicts: boolean };
  /** The calendar folder's name in the mailbox's language, e.g. `Kalender`. */
  calendarName: string; calendar: FolderEntry[]; fullAccess: FullAccessEntry[]; sendAs: string[];
  /** The mail it holds (Get-MailboxStatistics); absent in a state saved before it was modelled: none. */
  itemCount?: number; totalItemBytes?: number;
  /** The contacts folder's localized name and permission entries (permissions.ts), made on first use. */
  contactsName?: string; contactsFolder?: FolderEntry[];
  /** Regional settings, policies, delivery restrictions, audit and MailTip (mailbox-settings.ts), made on first use. */
  settings?: MailboxSettings;
}

export interface ExoGroup {
  guid: string; name: string; alias: string; displayName: string; primary: string; aliases: string[];
  security: boolean; hidden: boolean; requireAuth: boolean;
  /** Recipient guids. */
  members: string[]; managedBy: string[]; acceptFrom: string[]; rejectFrom: string[];
}

export interface ExoContact {
  guid: string; name: string; alias: string; displayName: string; external: string; hidden: boolean;
  firstName: string; lastName: string; company: string;
}

export interface ExchangeModel {
  mailboxes: ExoMailbox[]; groups: ExoGroup[]; contacts: ExoContact[];
  /** Dynamic distribution groups (dynamic-groups.ts), made on first use. */
  dynamicGroups?: ExoDynamicGroup[];
  /** Mail users (mail-users.ts), made on first use. */
  mailUsers?: ExoMailUser[];
  /** userId → ms when the directory first showed the user licensed without a mailbox. */
  pending: Record<string, number>;
  /** userId → ms when Graph took the last Exchange license of a user with a user mailbox (absent: none). */
  unlicensed?: Record<string, number>;
  syncedVersion: number;
  /** Set by the Exchange module when it was given a provisioning delay. */
  provisioningDelayMs?: number;
  /** Tenant version when Graph's view of the Exchange groups was last brought up to date. */
  mirroredVersion?: number;
}

export type Recipient =
  | { kind: 'mailbox'; obj: ExoMailbox } | { kind: 'group'; obj: ExoGroup } | { kind: 'contact'; obj: ExoContact };

const CALENDAR_NAMES: Record<string, string> = { de: 'Kalender', sv: 'Kalender', nl: 'Agenda', fr: 'Calendrier', es: 'Calendario', it: 'Calendario' };

export function calendarNameFor(language: unknown): string {
  const lang = typeof language === 'string' ? language.slice(0, 2).toLowerCase() : '';
  return CALENDAR_NAMES[lang] ?? 'Calendar';
}

const TYPES: Record<SeedMailbox['type'], MailboxType> = {
  user: 'UserMailbox', shared: 'SharedMailbox', room: 'RoomMailbox', equipment: 'EquipmentMailbox',
};

export function newMailbox(tenant: TenantState, o: { userId: string; name: string; alias: string; displayName: string; primary: string; type: MailboxType; calendarName?: string }): ExoMailbox {
  const resource = o.type === 'RoomMailbox' || o.type === 'EquipmentMailbox';
  return {
    guid: randomUUID(), userId: o.userId, name: o.name, alias: o.alias, displayName: o.displayName, primary: o.primary.toLowerCase(),
    aliases: [`${o.alias}@${initialDomain(tenant)}`.toLowerCase()].filter((a) => a !== o.primary.toLowerCase()),
    type: o.type, hidden: false, forwardingSmtp: null, deliverAndForward: false, limits: { ...DEFAULT_LIMITS },
    litigationHold: false, archiveGuid: null, sendOnBehalf: [], resourceCapacity: null,
    cas: { OWAEnabled: true, ImapEnabled: true, PopEnabled: true, MAPIEnabled: true, ActiveSyncEnabled: true, EwsEnabled: true },
    booking: { AutomateProcessing: resource ? 'AutoAccept' : 'AutoUpdate', BookingWindowInDays: 180, MaximumDurationInMinutes: 1440, AllowConflicts: false },
    calendarName: o.calendarName ?? 'Calendar', calendar: [{ user: 'Default', rights: ['AvailabilityOnly'] }, { user: 'Anonymous', rights: ['None'] }],
    fullAccess: [], sendAs: [],
  };
}

/**
 * The Entra account Exchange creates beside a shared or resource mailbox (sign-in disabled). `createdMs` 0 marks
 * one of the seed's mailboxes: like a seeded user it has existed since the tenant was seeded, replicated everywhere.
 */
export function addMailboxUser(tenant: TenantState, upn: string, displayName: string, alias: string, createdMs: number): UserObject {
  const user: UserObject = {
    id: randomUUID(), kind: 'user', licenses: [], createdMs, version: tenant.version, hasMailbox: true,
    props: {
      businessPhones: [], displayName, givenName: null, jobTitle: null, mail: upn, mobilePhone: null, officeLocation: null,
      preferredLanguage: null, surname: null, userPrincipalName: upn, accountEnabled: false, mailNickname: alias,
      department: null, companyName: null, city: null, country: null, employeeId: null, usageLocation: null,
      userType: 'Member', createdDateTime: new Date(createdMs || tenant.createdMs).toISOString(), deletedDateTime: null,
    },
  };
  tenant.version += 1;
  user.version = tenant.version;
  addUser(tenant, user);
  return user;
}

function fromSeedMailbox(tenant: TenantState, s: SeedMailbox, resolve: (ref: string) => string | undefined): ExoMailbox {
  const alias = s.alias ?? s.address.split('@')[0] ?? s.address;
  const userId = tenant.upnIndex.get(s.address.toLowerCase())
    ?? addMailboxUser(tenant, s.address, s.displayName ?? alias, alias, 0).id;
  const user = tenant.users.get(userId);
  const m = newMailbox(tenant, {
    userId, name: alias, alias, displayName: s.displayName ?? String(user?.props.displayName ?? alias), primary: s.address,
    type: TYPES[s.type], calendarName: calendarNameFor(user?.props.preferredLanguage),
  });
  m.aliases = [...new Set([...m.aliases, ...(s.aliases ?? []).map((a) => a.toLowerCase())])];
  m.hidden = s.hiddenFromAddressLists ?? false;
  if (s.forwarding) {
    m.forwardingSmtp = s.forwarding.to.toLowerCase();
    m.deliverAndForward = s.forwarding.keepCopy ?? false;
  }
  for (const [k, v] of Object.entries(s.limits ?? {})) {
    const key = { maxSendSizeKB: 'MaxSendSize', maxReceiveSizeKB: 'MaxReceiveSize', issueWarningQuotaMB: 'IssueWarningQuota', prohibitSendQuotaMB: 'ProhibitSendQuota', prohibitSendReceiveQuotaMB: 'ProhibitSendReceiveQuota' }[k];
    if (key) m.limits[key] = parseSize(`${v}${k.endsWith('KB') ? 'KB' : 'MB'}`) ?? null;
  }
  const casKeys: Record<string, string> = { owa: 'OWAEnabled', imap: 'ImapEnabled', pop: 'PopEnabled', mapi: 'MAPIEnabled', activeSync: 'ActiveSyncEnabled', ews: 'EwsEnabled' };
  for (const [k, v] of Object.entries(s.protocols ?? {})) if (casKeys[k]) m.cas[casKeys[k]] = v;
  if (s.archive) m.archiveGuid = randomUUID();
  m.litigationHold = s.litigationHold ?? false;
  m.itemCount = s.itemCount ?? 0;
  m.totalItemBytes = (s.totalItemSizeMB ?? 0) * 1024 * 1024;
  if (s.room) {
    m.resourceCapacity = s.room.capacity ?? m.resourceCapacity;
    const b = m.booking;
    m.booking = {
      AutomateProcessing: s.room.automateProcessing ?? b.AutomateProcessing,
      BookingWindowInDays: s.room.bookingWindowInDays ?? b.BookingWindowInDays,
      MaximumDurationInMinutes: s.room.maximumDurationInMinutes ?? b.MaximumDurationInMinutes,
      AllowConflicts: s.room.allowConflicts ?? b.AllowConflicts,
    };
  }
  if (s.autoReply && user) user.mailboxSettings = { ...user.mailboxSettings, automaticRepliesSetting: seedReplies(s.autoReply) };
  for (const f of s.permissions?.fullAccess ?? []) m.fullAccess.push({ user: f.user.toLowerCase(), autoMapping: f.autoMapping ?? true });
  m.sendAs = (s.permissions?.sendAs ?? []).map((u) => u.toLowerCase());
  m.sendOnBehalf = (s.permissions?.sendOnBehalf ?? []).map((u) => resolve(u) ?? u);
  for (const c of s.calendar ?? []) {
    const user = /^(default|anonymous)$/i.test(c.user) ? c.user[0]!.toUpperCase() + c.user.slice(1).toLowerCase() : c.user.toLowerCase();
    m.calendar = m.calendar.filter((e) => e.user !== user).concat({ user, rights: [c.access] });
  }
  return m;
}

/** The seed's auto-reply as Graph's automaticRepliesSetting (times in UTC, as Graph returns them). */
function seedReplies(a: NonNullable<SeedMailbox['autoReply']>): Record<string, unknown> {
  const at = (t: string | undefined) => ({ dateTime: t ? new Date(t).toISOString().replace(/Z$/, '') : '', timeZone: 'UTC' });
  return {
    status: a.status === 'enabled' ? 'alwaysEnabled' : a.status, externalAudience: a.externalAudience ?? 'all',
    internalReplyMessage: a.internalMessage ?? '', externalReplyMessage: a.externalMessage ?? '',
    scheduledStartDateTime: at(a.start), scheduledEndDateTime: at(a.end),
  };
}

function fromSeedGroup(s: SeedDistributionGroup): ExoGroup {
  const alias = s.alias ?? s.address.split('@')[0] ?? s.address;
  return {
    guid: randomUUID(), name: s.displayName, alias, displayName: s.displayName, primary: s.address.toLowerCase(), aliases: [],
    security: s.type === 'mailEnabledSecurity', hidden: s.hiddenFromAddressLists ?? false,
    requireAuth: s.requireSenderAuthenticationEnabled ?? true, members: s.members ?? [], managedBy: s.owners ?? [],
    acceptFrom: s.acceptFrom ?? [], rejectFrom: s.rejectFrom ?? [],
  };
}

function fromSeedContact(s: SeedContact): ExoContact {
  const alias = s.alias ?? (s.address.split('@')[0] ?? s.address).replace(/[^A-Za-z0-9]/g, '');
  return {
    guid: randomUUID(), name: s.displayName ?? s.address, alias, displayName: s.displayName ?? s.address,
    external: s.address.toLowerCase(), hidden: s.hiddenFromAddressLists ?? false,
    firstName: s.firstName ?? '', lastName: s.lastName ?? '', company: s.company ?? '',
  };
}

/** The tenant's Exchange model, built from the seed on first use. */
export function exchangeOf(tenant: TenantState): ExchangeModel {
  const existing = tenant.ext.exchange as ExchangeModel | undefined;
  if (existing) return existing;
  const model: ExchangeModel = { mailboxes: [], groups: [], contacts: [], pending: {}, syncedVersion: -1 };
  tenant.ext.exchange = model;
  model.contacts = tenant.exchange.contacts.map(fromSeedContact);
  model.groups = tenant.exchange.distributionGroups.map(fromSeedGroup);
  seedMailUsers(tenant, model);
  const resolveLater: ExoMailbox[] = [];
  for (const s of tenant.exchange.mailboxes) {
    const m = fromSeedMailbox(tenant, s, () => undefined);
    model.mailboxes.push(m);
    resolveLater.push(m);
  }
  // Seed references are addresses; the model links recipients by guid once every recipient exists.
  const guidOf = (ref: string): string => findRecipient(model, ref)?.obj.guid ?? ref;
  for (const m of resolveLater) m.sendOnBehalf = m.sendOnBehalf.map(guidOf);
  for (const g of model.groups) {
    g.members = g.members.map(guidOf);
    g.managedBy = g.managedBy.map(guidOf);
  }
  return model;
}

/** Gives every licensed user a mailbox: at once for users seeded with one, after `delayMs` for those licensed live. */
export function syncDirectory(tenant: TenantState, model: ExchangeModel, delayMs: number, now: number): void {
  if (model.syncedVersion === tenant.version && Object.keys(model.pending).length === 0 && Object.keys(model.unlicensed ?? {}).length === 0) return;
  model.syncedVersion = tenant.version;
  // A user deleted in the directory takes its mailbox along.
  const gone = new Set(model.mailboxes.filter((m) => !tenant.users.has(m.userId)).map((m) => m.guid));
  if (gone.size > 0) {
    model.mailboxes = model.mailboxes.filter((m) => !gone.has(m.guid));
    for (const g of model.groups) {
      g.members = g.members.filter((x) => !gone.has(x));
      g.managedBy = g.managedBy.filter((x) => !gone.has(x));
    }
  }
  const withMailbox = new Set(model.mailboxes.map((m) => m.userId));
  const groupLicensed = new Set<string>();
  for (const g of tenant.groups.values()) {
    if (g.licenses.length > 0 && hasExchangePlan(tenant, g.licenses)) for (const id of g.members) groupLicensed.add(id);
  }
  expireUnlicensed(tenant, model, groupLicensed, now);
  for (const user of userList(tenant)) {
    if (withMailbox.has(user.id)) continue;
    if (!user.hasMailbox && !groupLicensed.has(user.id) && !hasExchangePlan(tenant, user.licenses)) continue;
    const since = model.pending[user.id] ?? now;
    if (user.hasMailbox || now - since >= delayMs) {
      provisionMailbox(tenant, model, user);
      delete model.pending[user.id];
    } else {
      model.pending[user.id] = since;
    }
  }
}

/** Creates the user mailbox of a directory user now, without waiting for the provisioning delay. */
export function provisionMailbox(tenant: TenantState, model: ExchangeModel, user: UserObject): ExoMailbox {
  const upn = String(user.props.userPrincipalName);
  const alias = String(user.props.mailNickname ?? upn.split('@')[0]);
  const m = newMailbox(tenant, {
    userId: user.id, name: alias, alias, displayName: String(user.props.displayName ?? alias), primary: upn,
    type: 'UserMailbox', calendarName: calendarNameFor(user.props.preferredLanguage),
  });
  model.mailboxes.push(m);
  user.hasMailbox = true;
  if (user.props.mail == null) user.props.mail = upn;
  return m;
}

function addresses(r: Recipient): string[] {
  if (r.kind === 'contact') return [r.obj.external];
  return [r.obj.primary, ...r.obj.aliases];
}

export function recipients(model: ExchangeModel): Recipient[] {
  return [
    ...model.mailboxes.map((obj) => ({ kind: 'mailbox' as const, obj })),
    ...model.groups.map((obj) => ({ kind: 'group' as const, obj })),
    ...model.contacts.map((obj) => ({ kind: 'contact' as const, obj })),
  ];
}

/** Identity resolution as the cmdlets do it: guid, name, alias, display name or any email address. */
export function findRecipient(model: ExchangeModel, identity: string): Recipient | undefined {
  const id = identity.trim().toLowerCase().replace(/^smtp:/, '');
  return recipients(model).find((r) => {
    const o = r.obj;
    if (o.guid === id || o.name.toLowerCase() === id || o.alias.toLowerCase() === id || o.displayName.toLowerCase() === id) return true;
    if (r.kind === 'mailbox' && r.obj.userId === id) return true;
    return addresses(r).includes(id);
  });
}

/** The address a proxy is already taken by, across every recipient, mail users included. */
export function proxyOwner(model: ExchangeModel, address: string, except?: string): Recipient | { kind: 'mailUser'; obj: ExoMailUser } | undefined {
  const a = address.toLowerCase();
  const mailUser = (model.mailUsers ?? []).find((u) => u.guid !== except && (u.primary === a || u.aliases.includes(a)));
  if (mailUser) return { kind: 'mailUser', obj: mailUser };
  return recipients(model).find((r) => r.obj.guid !== except && addresses(r).includes(a));
}

export function primaryOf(r: Recipient): string {
  return r.kind === 'contact' ? r.obj.external : r.obj.primary;
}
