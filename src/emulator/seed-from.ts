// New tenant folders made known to the emulator, so that a new customer can be rehearsed at once: for each folder
// whose tenant the emulator does not know, an empty customer tenant (its tenantId and domains, the SKUs of
// `partner.seats` with their seats), a Partner Center customer record with those subscriptions, and — unless told
// not to, to rehearse onboarding — the partner apps consented with the grants its declared kinds need.
import type { LoadedTenant } from '../config/model.js';
import { neededGrants } from '../kinds/partner-consent/grants.js';
import { stableGuid } from './arm/model.js';
import { SHAREPOINT_ROLE_PREFIX } from './access.js';
import { addServicePrincipal } from './graph/service-principals.js';
import { findRole } from './graph/roles.js';
import { getTenant, newTenant, type EmulatorState, type TenantState } from './state.js';

function assignDirectoryRole(tenant: TenantState, principalId: string, name: string): void {
  const role = findRole(name);
  if (!role) return;
  const id = stableGuid(`directory role|${principalId}|${role.id}`);
  tenant.roleAssignments.set(id, { id, roleDefinitionId: role.id, principalId, directoryScopeId: '/', createdMs: 0 });
}

export interface SeedFromOptions {
  /** Consent the partner apps (the declared `partner.consent` apps and `apps`); false rehearses onboarding. */
  consent: boolean;
  /** Apps consented into every new tenant besides the declared ones: the app tenantform signs in as. */
  apps?: { clientId: string; access: 'read' | 'write' }[];
}

/** Adds the folders' tenants the emulator lacks; returns the names of the folders added. */
export function seedFromFolders(state: EmulatorState, folders: LoadedTenant[], o: SeedFromOptions): string[] {
  const added: string[] = [];
  const now = state.clock.now();
  for (const f of folders) {
    const { tenantId, domains, organization } = f.config.tenant;
    if (getTenant(state, tenantId)) continue;
    const tenant = newTenant(tenantId, organization?.name ?? f.name, [...domains, `${f.name.replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`], now);
    const seats = f.config.partner?.seats ?? [];
    tenant.skus = seats.map((s) => ({ skuId: stableGuid(`sku|${s.sku.toUpperCase()}`), skuPartNumber: s.sku, seats: s.quantity, servicePlans: [] }));
    state.tenants.set(tenant.tenantId, tenant);
    state.partner?.customers.push({
      tenantId: tenant.tenantId, companyName: organization?.name ?? f.name, domain: domains[0] ?? '',
      subscriptions: seats.map((s) => ({ offerName: s.offer ?? s.sku, skuPartNumber: s.sku, quantity: s.quantity, creationDate: new Date(now).toISOString() })),
    });
    if (o.consent) {
      const apps = [...(f.config.partner?.consent ?? []).map((c) => ({ clientId: c.applicationId, access: c.access })), ...(o.apps ?? [])];
      for (const app of apps) {
        const grants = neededGrants(f.config, app.access);
        const sp = addServicePrincipal(tenant, { appId: app.clientId });
        sp.appRoles = [...new Set([...(sp.appRoles ?? []), ...grants.graph, ...grants.exchange, ...grants.sharepoint.map((r) => `${SHAREPOINT_ROLE_PREFIX}${r}`)])];
        // Exchange answers an app only with a supported Entra role on its service principal
        // (https://learn.microsoft.com/exchange/reference/admin-api-authentication, step 3), as the test world gives it.
        if (grants.exchange.length > 0) assignDirectoryRole(tenant, sp.id, 'Exchange Administrator');
      }
    }
    added.push(f.name);
  }
  return added;
}
