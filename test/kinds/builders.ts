// Small builders for pure diff tests of the Entra kinds: a tenant config, a diff context and live objects.
import type { TenantConfig } from '../../src/config/model.js';
import type { DiffContext } from '../../src/kinds/contract.js';
import type { LiveUser } from '../../src/kinds/user/index.js';
import type { SkuCatalog } from '../../src/kinds/shared/skus.js';

export function tenant(sections: Omit<TenantConfig, 'tenant'> = {}): TenantConfig {
  return { tenant: { name: 'contoso', tenantId: '6b1a3c6e-0000-4000-8000-000000000001', domains: ['contoso.com'] }, ...sections };
}

export function ctx(config: TenantConfig, over: Partial<DiffContext> = {}): DiffContext {
  return { tenant: config, now: new Date('2026-11-22T10:00:00Z'), prune: false, complete: false, facts: {}, ...over };
}

export function liveUser(upn: string, fields: Record<string, unknown> = {}): LiveUser {
  return { id: `id-${upn}`, userPrincipalName: upn, displayName: null, accountEnabled: true, usageLocation: null, ...fields };
}

export const E3 = 'sku-e3';
export const E5 = 'sku-e5';

export function catalog(freeE3 = 10, freeE5 = 10): SkuCatalog {
  return [
    { skuId: E3, skuPartNumber: 'SPE_E3', free: freeE3, enabled: 20, plans: [{ id: 'p-yammer', name: 'YAMMER_ENTERPRISE' }, { id: 'p-sway', name: 'SWAY' }] },
    { skuId: E5, skuPartNumber: 'SPE_E5', free: freeE5, enabled: 20, plans: [{ id: 'p-teams', name: 'TEAMS1' }] },
  ];
}
