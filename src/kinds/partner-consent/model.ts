// The partner app's consent in a customer as tenantform plans it: which grants each declared app must hold there,
// derived from the kinds the tenant declares (the same totals `tenantform permissions` prints), and the consent as
// Partner Center reports it.
import type { ConsentSpec, TenantConfig } from '../../config/model.js';
import type { ConsentGrant } from '../../plan/types.js';

export const KIND = 'partnerConsent';
export const consentsPath = (tenantId: string): string => `/v1/customers/${encodeURIComponent(tenantId)}/applicationconsents`;

/** The resource apps a grant names: Microsoft Graph, Office 365 Exchange Online and Office 365 SharePoint Online. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';

/** Grants per resource app. */
export interface ResourceGrants { graph: string[]; exchange: string[]; sharepoint: string[] }

export interface DesiredConsent extends ConsentSpec { path: string }

/** A consent's grants per resource, each sorted; `displayName` as Partner Center reports it. */
export interface LiveConsent extends ResourceGrants { applicationId: string; displayName?: string }

export interface WireConsent { applicationId: string; displayName?: string; applicationGrants?: { enterpriseApplicationId: string; scope: string }[] }

export const address = (o: { applicationId: string }): string => `consent:${o.applicationId.toLowerCase()}`;

export function selectConsents(config: TenantConfig): DesiredConsent[] {
  return (config.partner?.consent ?? []).map((c, i) => ({ ...c, path: `partner.consent[${i}]` }));
}

export function fromWire(w: WireConsent): LiveConsent {
  const scopes = (resource: string): string[] => [...new Set((w.applicationGrants ?? [])
    .filter((g) => g.enterpriseApplicationId.toLowerCase() === resource)
    .flatMap((g) => g.scope.split(',').map((s) => s.trim()).filter(Boolean)))].sort();
  return { applicationId: w.applicationId.toLowerCase(), displayName: w.displayName, graph: scopes(GRAPH_APP_ID), exchange: scopes(EXCHANGE_APP_ID), sharepoint: scopes(SHAREPOINT_APP_ID) };
}

export function toWire(applicationId: string, displayName: string | undefined, grants: ResourceGrants) {
  const applicationGrants: ConsentGrant[] = [];
  if (grants.graph.length) applicationGrants.push({ enterpriseApplicationId: GRAPH_APP_ID, scope: grants.graph.join(',') });
  if (grants.exchange.length) applicationGrants.push({ enterpriseApplicationId: EXCHANGE_APP_ID, scope: grants.exchange.join(',') });
  if (grants.sharepoint.length) applicationGrants.push({ enterpriseApplicationId: SHAREPOINT_APP_ID, scope: grants.sharepoint.join(',') });
  return { ...(displayName ? { displayName } : {}), applicationGrants };
}
