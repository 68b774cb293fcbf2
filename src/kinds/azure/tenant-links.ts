// Tenant links: customers of the partner in Partner Center without a folder under tenants/, and folders whose
// tenantId is not a customer of the partner.
import type { LoadedTenant } from '../../config/model.js';
import type { RestApi } from './api.js';

export interface PartnerCustomer { tenantId: string; companyName: string; domain: string }
export interface TenantLinks { unlinked: PartnerCustomer[]; notCustomers: { name: string; tenantId: string }[]; linked: number }

/** A folder and the customer it belongs to (same tenantId), with what else of theirs agrees. */
export interface LinkedPair { name: string; tenantId: string; customer: PartnerCustomer; matchedOn: string[] }

export const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * The folder names that stand for a customer, the one rule `export`, `customers` and the drift report share: its
 * domain, the domain's first label, or its company name in lower case with runs of other characters as `-`.
 */
export function namesOf(c: Pick<PartnerCustomer, 'companyName' | 'domain'>): string[] {
  const domain = c.domain.toLowerCase();
  return [...new Set([domain, domain.split('.')[0] ?? '', slug(c.companyName)].filter(Boolean))];
}

/** What ties a folder to a customer beyond the tenant id: a shared domain, or its name being one of the customer's. */
export function matchedOn(t: LoadedTenant, c: PartnerCustomer): string[] {
  const out: string[] = [];
  if (c.domain && t.config.tenant.domains.some((d) => d.toLowerCase() === c.domain.toLowerCase())) out.push(`domain ${c.domain.toLowerCase()}`);
  if (namesOf(c).includes(t.name.toLowerCase())) out.push(`name ${t.name}`);
  return out;
}

export function linkedPairs(customers: PartnerCustomer[], loadedTenants: LoadedTenant[]): LinkedPair[] {
  const byId = new Map(customers.map((c) => [c.tenantId.toLowerCase(), c]));
  return loadedTenants.flatMap((t) => {
    const customer = byId.get(t.config.tenant.tenantId.toLowerCase());
    return customer ? [{ name: t.name, tenantId: t.config.tenant.tenantId.toLowerCase(), customer, matchedOn: ['tenantId', ...matchedOn(t, customer)] }] : [];
  }).sort((a, b) => a.name.localeCompare(b.name));
}

export async function readCustomers(pc: RestApi): Promise<PartnerCustomer[]> {
  const items = await pc.list<{ id: string; companyProfile?: { tenantId?: string; companyName?: string; domain?: string } }>('/v1/customers');
  return items.map((c) => ({ tenantId: (c.companyProfile?.tenantId ?? c.id).toLowerCase(), companyName: c.companyProfile?.companyName ?? '', domain: c.companyProfile?.domain ?? '' }));
}

export function tenantLinks(customers: PartnerCustomer[], loadedTenants: LoadedTenant[]): TenantLinks {
  const folders = new Map(loadedTenants.map((t) => [t.config.tenant.tenantId.toLowerCase(), t]));
  const known = new Set(customers.map((c) => c.tenantId.toLowerCase()));
  return {
    unlinked: customers.filter((c) => !folders.has(c.tenantId.toLowerCase())).sort((a, b) => a.companyName.localeCompare(b.companyName)),
    notCustomers: loadedTenants.filter((t) => !known.has(t.config.tenant.tenantId.toLowerCase())).map((t) => ({ name: t.name, tenantId: t.config.tenant.tenantId })),
    linked: customers.filter((c) => folders.has(c.tenantId.toLowerCase())).length,
  };
}
