// The consentRole kind's shapes: Entra directory roles of a partner app's service principal in the customer, declared
// as `partner.consent[].roles` (Exchange Administrator lets the app call Exchange app-only). Address:
// `consentRole:<appId lower>/<role display name>`, one per assignment at directory scope '/'. A consent's declared
// `roles` list is authoritative for that app's service principal.
import type { TenantConfig } from '../../config/model.js';

export const KIND = 'consentRole';

export interface DesiredConsentRole { appId: string; role: string; path: string }

export interface LiveConsentRole {
  /** The unifiedRoleAssignment id. */
  id: string;
  appId: string;
  role: string;
  roleDefinitionId: string;
  principalId: string;
}

export const roleAddress = (appId: string, role: string): string => `${KIND}:${appId.toLowerCase()}/${role}`;
export const addressOf = (o: DesiredConsentRole | LiveConsentRole): string => roleAddress(o.appId, o.role);
export const consentAddress = (appId: string): string => `consent:${appId.toLowerCase()}`;
export const spAddress = (appId: string): string => `servicePrincipal:${appId.toLowerCase()}`;

/** Consents whose `roles` list is declared (and that are kept): that list is the whole truth for their app. */
export function consentsWithRoles(config: TenantConfig) {
  return (config.partner?.consent ?? [])
    .map((spec, index) => ({ spec, index }))
    .filter(({ spec }) => spec.roles !== undefined && spec.ensure !== 'absent');
}

export function selectConsentRoles(config: TenantConfig): DesiredConsentRole[] {
  return consentsWithRoles(config).flatMap(({ spec, index }) =>
    (spec.roles ?? []).map((role, j) => ({ appId: spec.applicationId.toLowerCase(), role, path: `partner.consent[${index}].roles[${j}]` })));
}

/** The read covers every role of an app whose consent declares `roles`. */
export function coversConsentRole(address: string, config: TenantConfig): boolean {
  const appId = address.slice(KIND.length + 1, address.indexOf('/'));
  return consentsWithRoles(config).some(({ spec }) => spec.applicationId.toLowerCase() === appId);
}
