// Scenario (g): one tenant of M shared mailboxes, each declared with its settings, a FullAccess and a SendAs trustee
// and two calendar entries, with 1% drift in every area; the desired state, the seed of its live state, and the floor
// of what a plan of it must read. Exchange's admin API takes one cmdlet per request and has no batch form, so the
// floor is per mailbox where no tenant-wide read exists:
// - settings: `Get-Mailbox -ResultSize Unlimited`, ⌈M/1,000⌉ pages;
// - SendAs: `Get-RecipientPermission -AccessRights SendAs -ResultSize Unlimited`, tenant-wide, ⌈rows/1,000⌉ pages;
// - FullAccess: one `Get-MailboxPermission` per mailbox: the cmdlet requires -Identity
//   (learn.microsoft.com/powershell/module/exchange/get-mailboxpermission), so there is no tenant-wide read of it;
// - calendar: the folder's localized name once per mailbox (`Get-MailboxFolderStatistics -FolderScope Calendar`),
//   then its entries (`Get-MailboxFolderPermission`), two per mailbox. Graph's calendarPermission in `$batch`es of
//   20 would be ⌈M/20⌉, but its roles are coarser than the access rights the YAML declares (README, "Exchange reads").
import type { LoadedTenant, MailboxSpec, TenantConfig } from '../../config/model.js';
import { EXCHANGE_CMDLETS_PER_10S } from '../../emulator/exchange/throttling.js';
import type { SeedDocument, SeedMailbox } from '../../emulator/seed.js';
import { TOKEN_LIFETIME_S } from '../../emulator/tokens.js';
import { mapLimit } from '../../util/pool.js';
import type { Counts } from '../scale/minimum.js';
import { tenantIdOf } from '../scale/model.js';
import { NAIVE_CONCURRENCY, type NaiveSession } from '../scale/naive.js';

const TENANT = tenantIdOf(0);
const DOMAIN = 'mail.example';
/** The users that hold the permissions, each with a mailbox of its own; mailbox m's trustee is user m mod this. */
export const TRUSTEES = 20;
const EXCHANGE_PAGE = 1000;

const trustee = (m: number): string => `u${m % TRUSTEES}@${DOMAIN}`;
const address = (m: number): string => `mb${m}@${DOMAIN}`;

/** Every 100th mailbox differs live in one area each: settings (m ≡ 0), FullAccess (1), SendAs (2), calendar (3). */
const drifted = (m: number, area: number): boolean => m % 100 === area;

export interface MailboxDrift {
  settings: number;
  fullAccess: number;
  sendAs: number;
  calendar: number;
}

export function mailboxDrift(mailboxes: number): MailboxDrift {
  const count = (area: number): number => Math.floor((mailboxes - 1 - area) / 100) + 1;
  return { settings: count(0), fullAccess: count(1), sendAs: count(2), calendar: count(3) };
}

function desiredMailbox(m: number): MailboxSpec {
  return {
    address: address(m), type: 'shared', displayName: `Mailbox ${m}`, hiddenFromAddressLists: false,
    permissions: { fullAccess: [{ user: trustee(m) }], sendAs: [trustee(m)] },
    calendar: [{ user: 'Default', access: 'Reviewer' }, { user: trustee(m + 1), access: 'Editor' }],
  };
}

export function mailboxConfig(mailboxes: number, first = 0): TenantConfig {
  return {
    tenant: { name: 't0000', tenantId: TENANT, domains: [DOMAIN] },
    mailboxes: Array.from({ length: mailboxes - first }, (_, k) => desiredMailbox(first + k)),
  };
}

export function mailboxTenant(mailboxes: number): LoadedTenant {
  return { name: 't0000', dir: 'tenants/t0000', config: mailboxConfig(mailboxes), files: [], locate: () => undefined, diagnostics: [] };
}

function liveMailbox(m: number): SeedMailbox {
  return {
    address: address(m), type: 'shared', displayName: `Mailbox ${m}`, hiddenFromAddressLists: drifted(m, 0),
    permissions: { fullAccess: drifted(m, 1) ? [] : [{ user: trustee(m) }], sendAs: drifted(m, 2) ? [] : [trustee(m)] },
    calendar: [{ user: 'Default', access: 'Reviewer' }, { user: trustee(m + 1), access: drifted(m, 3) ? 'Reviewer' : 'Editor' }],
  };
}

export function mailboxSeed(mailboxes: number): SeedDocument {
  const users = Array.from({ length: TRUSTEES }, (_, i) => `u${i}@${DOMAIN}`);
  return {
    tenants: [{
      tenantId: TENANT, displayName: 't0000', domains: [DOMAIN], skus: [],
      users: users.map((userPrincipalName, i) => ({ userPrincipalName, displayName: `User ${i}` })),
      mailboxes: [...users.map((a) => ({ address: a, type: 'user' as const })), ...Array.from({ length: mailboxes }, (_, m) => liveMailbox(m))],
    }],
  };
}

/** The cmdlets of a plan (see the top of this file). The SendAs listing holds every mailbox's own SELF entry too. */
function floorCmdlets(mailboxes: number): number {
  const pages = (n: number): number => Math.max(1, Math.ceil(n / EXCHANGE_PAGE));
  const sendAsRows = TRUSTEES + mailboxes + (mailboxes - mailboxDrift(mailboxes).sendAs);
  return pages(mailboxes) + pages(sendAsRows) + 3 * mailboxes;
}

/** How long the floor's cmdlets take at best in the emulator's model (100 at once, then 10 a second; not Microsoft's). */
export function mailboxBudgetS(mailboxes: number): number {
  return Math.max(0, floorCmdlets(mailboxes) - EXCHANGE_CMDLETS_PER_10S) / (EXCHANGE_CMDLETS_PER_10S / 10);
}

/**
 * The reads of a plan: a Graph token, the organization (the tenant id check) and the inventory of undeclared objects
 * (directory role assignments, `$count` of users and of groups), the cmdlets, and an Exchange token for every token
 * lifetime that the cmdlets take at best (two for 20,000 mailboxes: some 6,000 s).
 */
export function mailboxFloor(mailboxes: number): Counts {
  const exchangeTokens = Math.max(1, Math.ceil(mailboxBudgetS(mailboxes) / TOKEN_LIFETIME_S));
  return { login: 1 + exchangeTokens, graph: 1 + 3, exchange: floorCmdlets(mailboxes) };
}

/**
 * The naive script reads this many mailboxes and is scaled to the tenant: its cost is the same per mailbox throughout,
 * and a sample keeps its run within a token's hour of simulated time (the script, as scripts do, signs in once).
 */
export const NAIVE_MAILBOX_SAMPLE = 2000;

/** What a script finds reading mailboxes `first`… of the tenant one cmdlet per mailbox and area. */
export interface NaiveMailboxRead {
  counts: Counts;
  mailboxes: number;
  changes: number;
}

/**
 * The naive script: per mailbox Get-Mailbox, Get-MailboxPermission, Get-RecipientPermission and
 * Get-MailboxFolderPermission on `address:\Calendar` (the English name scripts assume), 16 in flight, 429s waited
 * out as the session's sleep says.
 */
export async function naiveMailboxRead(session: NaiveSession, config: TenantConfig): Promise<NaiveMailboxRead> {
  let changes = 0;
  const rows = async (cmdlet: string, identity: string) => (await session.cmdlet(cmdlet, { Identity: identity }))?.value ?? [];
  await mapLimit(config.mailboxes ?? [], NAIVE_CONCURRENCY, async (m) => {
    const [mailbox, full, sendAs, calendar] = await Promise.all([
      rows('Get-Mailbox', m.address), rows('Get-MailboxPermission', m.address), rows('Get-RecipientPermission', m.address),
      rows('Get-MailboxFolderPermission', `${m.address}:\\Calendar`),
    ]);
    if (mailbox[0]?.HiddenFromAddressListsEnabled !== m.hiddenFromAddressLists) changes++;
    if (!(m.permissions?.fullAccess ?? []).every((f) => full.some((r) => r.User === f.user))) changes++;
    if (!(m.permissions?.sendAs ?? []).every((t) => sendAs.some((r) => r.Trustee === t))) changes++;
    const rights = (user: string) => calendar.find((r) => JSON.stringify(r.User).includes(user))?.AccessRights;
    if (!(m.calendar ?? []).every((e) => JSON.stringify(rights(e.user)) === JSON.stringify([e.access]))) changes++;
  });
  return { counts: { ...session.counts }, mailboxes: config.mailboxes?.length ?? 0, changes };
}
