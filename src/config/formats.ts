// The string formats the schemas use, each with the message a user sees when a value does not match.
const EMAIL = /^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const GROUP_REF = /^group:[^\s@]+$/;

export interface FormatDef {
  test: (s: string) => boolean;
  message: string;
}

const isEmail = (s: string) => EMAIL.test(s);
const isReference = (s: string) => GROUP_REF.test(s) || isEmail(s.replace(/^(user|guest):/, ''));

export function durationDays(s: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(s);
  if (!m || s === 'P') return undefined;
  const [y, mo, w, d] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  return y * 365 + mo * 30 + w * 7 + d;
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

export const FORMATS: Record<string, FormatDef> = {
  guid: {
    test: (s) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s),
    message: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
  },
  'email-address': { test: isEmail, message: 'must be an email address (name@domain)' },
  'domain-name': {
    test: (s) => /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(s),
    message: 'must be a DNS domain name (e.g. contoso.com)',
  },
  'country-code': { test: (s) => /^[A-Z]{2}$/.test(s), message: 'must be a two-letter country code' },
  date: { test: isDate, message: 'must be a date (YYYY-MM-DD)' },
  'date-time': {
    test: (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    message: 'must be a date and time (ISO 8601, e.g. 2026-12-24T08:00:00Z)',
  },
  'tenant-name': {
    test: (s) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s),
    message: "must be a folder-style name (letters, digits, '.', '_', '-')",
  },
  'mail-nickname': {
    test: (s) => /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/.test(s),
    message: 'must be a mail nickname (up to 64 characters, no spaces or @)',
  },
  reference: { test: isReference, message: "must be a user's address (alice@contoso.com), guest:<email> or group:<mailNickname>" },
  'calendar-user': {
    test: (s) => s === 'Default' || s === 'Anonymous' || isReference(s),
    message: "must be Default, Anonymous or a user's address",
  },
  principal: {
    test: (s) => /^(user:\S+|group:[^\s@]+|servicePrincipal:\S+)$/.test(s) && (!s.startsWith('user:') || isEmail(s.slice(5))),
    message: 'must be user:<userPrincipalName>, group:<mailNickname> or servicePrincipal:<appId>',
  },
  'arm-scope': { test: (s) => /^\/\S*$/.test(s), message: 'must be a scope starting with / (e.g. /resourceGroups/rg-web)' },
  'gdap-duration': {
    test: (s) => {
      const days = durationDays(s);
      return days !== undefined && days >= 1 && days <= 730;
    },
    message: 'must be an ISO 8601 duration between P1D and P2Y (e.g. P730D)',
  },
  'partner-id': { test: (s) => /^\d{4,10}$/.test(s), message: 'must be a Partner ID (MPN ID, digits only)' },
};
