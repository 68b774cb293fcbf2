// Checks against what is known without asking a tenant: ISO country codes, Microsoft's published licensing names and
// Entra role names, and which recipients Exchange accepts as a mailbox permission's holder. Each catches at validate what would
// otherwise fail halfway through an apply.
import { findEntraRole, suggestEntraRole } from '../catalog/entra-roles.js';
import { COUNTRIES, COUNTRY_ALIASES } from './data/countries.js';
import { SERVICE_PLAN_NAMES, SKU_PART_NUMBERS } from './data/licensing-names.js';
import type { Issue } from './crosscheck.js';
import type { GroupSpec, LicenseSpec, TenantConfig } from './model.js';
import type { RefIndex } from './references.js';
import { closest } from './suggest.js';
import { checkTapRecipients } from './tap-recipient.js';

export function offlineChecks(c: TenantConfig, idx: RefIndex, out: Issue[]): void {
  checkCountries(c, out);
  checkLicensingNames(c, out);
  checkPermissionHolders(c, idx, out);
  checkTapRecipients(c, out);
  checkRoleNames(c, out);
  checkReplace(c, out);
}

/**
 * `replace: true` lets a plan delete and create a group whose type cannot be converted in place: that is between
 * security and Microsoft 365 groups only, and it contradicts `ensure: absent`.
 */
function checkReplace(c: TenantConfig, out: Issue[]): void {
  (c.groups ?? []).forEach((g, i) => {
    if (g.replace !== true) return;
    const path = `groups[${i}].replace`;
    if (g.ensure === 'absent') out.push({ severity: 'error', path, message: 'replace: true contradicts ensure: absent; remove one of them' });
    else if (g.type === 'distribution' || g.type === 'mailEnabledSecurity') {
      out.push({ severity: 'error', path, message: `replace: true is for security and Microsoft 365 groups; a ${g.type} group is an Exchange group` });
    }
  });
}

/**
 * Directory roles and GDAP roles by Microsoft's published names. Unknown names are warnings: a user's roles may be a
 * tenant's custom role, and Microsoft adds built-in roles before the catalogue is refreshed; plan decides.
 */
function checkRoleNames(c: TenantConfig, out: Issue[]): void {
  const role = (name: string, path: string, what: string): void => {
    if (findEntraRole(name)) return;
    const hint = suggestEntraRole(name);
    const tail = hint ? ` (did you mean "${hint}"?)` : '';
    out.push({ severity: 'warning', path, message: `"${name}" is not a built-in Entra role${tail}; ${what}` });
  };
  (c.users ?? []).forEach((u, i) => u.roles?.forEach((r, j) => role(r, `users[${i}].roles[${j}]`, 'plan accepts it only as a custom role of the tenant')));
  (c.partner?.gdap ?? []).forEach((g, i) => {
    g.roles.forEach((r, j) => role(r, `partner.gdap[${i}].roles[${j}]`, 'GDAP grants built-in roles only'));
    g.access?.forEach((a, k) => a.roles.forEach((r, l) => role(r, `partner.gdap[${i}].access[${k}].roles[${l}]`, 'GDAP grants built-in roles only')));
  });
}

/** The schema checks the shape (two capitals); only a code ISO assigned is accepted by Entra ID. */
function checkCountries(c: TenantConfig, out: Issue[]): void {
  (c.users ?? []).forEach((u, i) => {
    const code = u.usageLocation;
    if (code === undefined || COUNTRIES.has(code)) return;
    const meant = COUNTRY_ALIASES.get(code);
    const hint = meant ? ` (did you mean ${meant}, ${COUNTRIES.get(meant)}?)` : '';
    out.push({ severity: 'error', path: `users[${i}].usageLocation`, message: `"${code}" is not an ISO 3166-1 alpha-2 country code${hint}` });
  });
}

const SKUS = new Set(SKU_PART_NUMBERS.map((s) => s.toLowerCase()));
const PLANS = new Set(SERVICE_PLAN_NAMES.map((s) => s.toLowerCase()));

function checkLicensingNames(c: TenantConfig, out: Issue[]): void {
  const licenses = (list: LicenseSpec[] | undefined, path: string) =>
    list?.forEach((l, j) => {
      sku(l.sku, `${path}[${j}].sku`, out);
      l.disabledPlans?.forEach((p, k) => plan(p, `${path}[${j}].disabledPlans[${k}]`, out));
    });
  (c.users ?? []).forEach((u, i) => licenses(u.licenses, `users[${i}].licenses`));
  (c.groups ?? []).forEach((g, i) => licenses(g.licenses, `groups[${i}].licenses`));
  (c.partner?.seats ?? []).forEach((s, i) => sku(s.sku, `partner.seats[${i}].sku`, out));
}

// Unknown names are warnings: Microsoft publishes new products before this list is refreshed, and the tenant's
// own subscribed SKUs decide at plan time.
function sku(name: string, path: string, out: Issue[]): void {
  if (SKUS.has(name.toLowerCase())) return;
  out.push(unknown(path, `SKU "${name}" is not among Microsoft's published product names`, closest(name, SKU_PART_NUMBERS)));
}

function plan(name: string, path: string, out: Issue[]): void {
  if (PLANS.has(name.toLowerCase())) return;
  out.push(unknown(path, `service plan "${name}" is not among Microsoft's published service plan names`, closest(name, SERVICE_PLAN_NAMES)));
}

function unknown(path: string, what: string, hint: string | undefined): Issue {
  const tail = hint ? ` (did you mean "${hint}"?)` : '; check the spelling against the tenant\'s subscribed SKUs';
  return { severity: 'warning', path, message: `${what}${tail}` };
}

/**
 * FullAccess (Add-MailboxPermission -User), SendAs (Add-RecipientPermission -Trustee) and SendOnBehalf
 * (Set-Mailbox -GrantSendOnBehalfTo) take mailboxes, mail users and mail-enabled security groups. A Microsoft 365
 * or a security group without mail is no Exchange security principal, and a distribution group is not a security
 * principal at all: Exchange answers ManagementObjectNotFoundException, after earlier changes were already applied.
 */
function checkPermissionHolders(c: TenantConfig, idx: RefIndex, out: Issue[]): void {
  const groups = c.groups ?? [];
  const check = (ref: string, path: string, right: string) => {
    const g = holderGroup(ref, groups, idx);
    if (!g || g.type === 'mailEnabledSecurity') return;
    const type = g.type ?? 'security';
    out.push({
      severity: 'error',
      path,
      message: `${right} cannot be granted to ${TYPE_NAMES[type]} "${g.mailNickname}": Exchange accepts only mailboxes, mail users and mail-enabled security groups; use a group of type: mailEnabledSecurity`,
    });
  };
  (c.mailboxes ?? []).forEach((m, i) => {
    const p = `mailboxes[${i}].permissions`;
    m.permissions?.fullAccess?.forEach((f, j) => check(f.user, `${p}.fullAccess[${j}].user`, 'FullAccess'));
    m.permissions?.sendAs?.forEach((u, j) => check(u, `${p}.sendAs[${j}]`, 'SendAs'));
    m.permissions?.sendOnBehalf?.forEach((u, j) => check(u, `${p}.sendOnBehalf[${j}]`, 'SendOnBehalf'));
  });
}

const TYPE_NAMES: Record<NonNullable<GroupSpec['type']>, string> = {
  security: 'security group (not mail-enabled)',
  microsoft365: 'Microsoft 365 group',
  distribution: 'distribution group',
  mailEnabledSecurity: 'mail-enabled security group',
};

/** The declared group a permission reference names: `group:nick`, or an address that is a group's. */
function holderGroup(ref: string, groups: GroupSpec[], idx: RefIndex): GroupSpec | undefined {
  if (ref.startsWith('group:')) {
    const i = idx.groups.get(ref.slice(6).toLowerCase());
    return i === undefined ? undefined : groups[i];
  }
  const address = ref.replace(/^user:/, '').toLowerCase();
  return groups.find((g) => g.primarySmtpAddress?.toLowerCase() === address);
}
