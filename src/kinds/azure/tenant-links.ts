// Tenant links: customers of the partner in Partner Center without a folder under tenants/, and folders whose
// tenantId is not a customer of the partner.
import type { LoadedTenant } from '../../config/model.js';
import type { RestApi } from './api.js';

export interface PartnerCustomer { tenantId: string; companyName: string; domain: string }
export interface TenantLinks { unlinked: PartnerCustomer[]; notCustomers: { name: string; tenantId: string }[]; linked: number }

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
