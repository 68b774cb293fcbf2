// Directory rules on the names of users and groups: userPrincipalName, mailNickname and usageLocation, as the
// resource pages and Entra's username policy state them. Graph answers every violation with its generic
// "Invalid value specified for property" 400; Microsoft publishes no more specific text.
import { ApiError } from '../router.js';
import { ISO_3166_ALPHA2 } from './countries.js';

export const invalidProperty = (prop: string, resource: 'User' | 'Group'): ApiError =>
  new ApiError(400, 'Request_BadRequest', `Invalid value specified for property '${prop}' of resource '${resource}'.`);

/**
 * userPrincipalName (api-reference/v1.0/resources/user.md, userPrincipalName: "can't contain accent characters. Only
 * the following characters are allowed A - Z, a - z, 0 - 9, ' . - _ ! # ^ ~"; MicrosoftDocs/entra-docs
 * docs/identity/authentication/concept-sspr-policy.md, "UserPrincipalName policies": no period immediately before
 * the @, up to 64 characters before it and 48 after, 113 in all).
 */
export function upnShapeValid(upn: string): boolean {
  const at = upn.indexOf('@');
  if (at <= 0 || at !== upn.lastIndexOf('@')) return false;
  const local = upn.slice(0, at);
  const domain = upn.slice(at + 1);
  if (!/^[A-Za-z0-9'.\-_!#^~]+$/.test(local) || local.endsWith('.')) return false;
  if (!/^[A-Za-z0-9.-]+$/.test(domain) || domain.startsWith('.') || domain.endsWith('.')) return false;
  return local.length <= 64 && domain.length <= 48 && upn.length <= 113;
}

/**
 * mailNickname (api-reference/v1.0/resources/group.md: at most 64 characters, "only characters in the ASCII character
 * set 0 - 127 except the following: @ () \ [] " ; : <> , SPACE"). The user page states only the 64-character limit;
 * the directory applies the same alias rule to users, so the emulator does too.
 */
export function aliasValid(nick: unknown): boolean {
  if (typeof nick !== 'string' || nick === '' || nick.length > 64) return false;
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7F]+$/.test(nick) && !/[@()\\[\]";:<>,\s]/.test(nick);
}

/** usageLocation (user.md: "A two-letter country code (ISO standard 3166)"); null leaves it unset. */
export function usageLocationValid(v: unknown): boolean {
  return v === null || (typeof v === 'string' && ISO_3166_ALPHA2.has(v.toUpperCase()));
}

/**
 * passwordPolicies (user.md: "an enumeration with one possible value being DisableStrongPassword ...
 * DisablePasswordExpiration can also be specified. The two can be specified together; for example:
 * DisablePasswordExpiration, DisableStrongPassword"), comma-separated; `None` clears them (microsoft-365-docs
 * admin/add-users/set-password-to-never-expire.md: `Update-MgUser -PasswordPolicies None`); null leaves them unset.
 */
export function passwordPoliciesValid(v: unknown): boolean {
  if (v === null) return true;
  if (typeof v !== 'string') return false;
  const parts = v.split(',').map((p) => p.trim());
  if (parts.length === 1 && parts[0] === 'None') return true;
  return parts.every((p) => p === 'DisablePasswordExpiration' || p === 'DisableStrongPassword');
}

/** The naming rules of a user body (create or update): each property checked only when present. */
export function checkUserNames(body: Record<string, unknown>): void {
  if ('mailNickname' in body && !aliasValid(body.mailNickname)) throw invalidProperty('mailNickname', 'User');
  if ('usageLocation' in body && !usageLocationValid(body.usageLocation)) throw invalidProperty('usageLocation', 'User');
  if ('passwordPolicies' in body && !passwordPoliciesValid(body.passwordPolicies)) throw invalidProperty('passwordPolicies', 'User');
}
