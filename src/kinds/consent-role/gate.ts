// While a role declared on the app's consent is not assigned to its service principal, what needs the role cannot
// be read: Exchange app-only refuses an app whose service principal holds no supported Entra role
// (https://learn.microsoft.com/exchange/reference/admin-api-authentication, step 3: RBAC for the service principal). So the roles are planned before the
// rest of the customer, as the consent is before them.
import type { AccessBlock } from '../contract.js';
import { normalKey } from '../shared/reconcile.js';
import { addressOf, type DesiredConsentRole, type LiveConsentRole } from './model.js';

export function consentRoleGate(desired: DesiredConsentRole[], live: LiveConsentRole[]): AccessBlock[] {
  const held = new Set(live.map((l) => `${l.appId.toLowerCase()}|${normalKey(l.role)}`));
  return desired
    .filter((d) => !held.has(`${d.appId.toLowerCase()}|${normalKey(d.role)}`))
    .map((d) => ({ summary: `app ${d.appId} does not hold the role ${d.role} in the customer yet: apply assigns it`, address: addressOf(d), path: d.path }));
}
