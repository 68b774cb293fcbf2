// Tenant links in the drift report: Partner Center customers without a folder appear as "unlinked" tenants, and a
// folder whose tenantId is not a customer of the partner carries a warning, so onboarding gaps show up on schedule.
import { namesOf, type TenantLinks } from '../kinds/azure/tenant-links.js';
import { summarizeDrift } from './build.js';
import type { DriftReport, DriftTenant } from './types.js';

function unlinkedTenant(c: TenantLinks['unlinked'][number]): DriftTenant {
  return {
    name: c.companyName || c.domain || c.tenantId, tenantId: c.tenantId, status: 'unlinked', counts: {}, objects: [], accepted: [], unmanaged: {},
    diagnostics: [{
      severity: 'warning', summary: `Partner Center customer ${c.companyName || c.tenantId}${c.domain ? ` (${c.domain})` : ''} has no folder under tenants/`,
      detail: `onboard it with tenantform export --tenant ${namesOf(c).find((n) => !n.includes('.')) ?? c.tenantId} (tenantform customers lists every customer and folder)`,
    }],
  };
}

export function withTenantLinks(report: DriftReport, links: TenantLinks): DriftReport {
  const notCustomers = new Set(links.notCustomers.map((n) => n.name));
  const tenants = report.tenants.map((t) => (notCustomers.has(t.name)
    ? { ...t, diagnostics: [...t.diagnostics, { severity: 'warning' as const, summary: `tenant ${t.tenantId} is not a customer of the partner in Partner Center` }] }
    : t));
  for (const c of links.unlinked) tenants.push(unlinkedTenant(c));
  tenants.sort((a, b) => a.name.localeCompare(b.name));
  return { ...report, tenants, summary: summarizeDrift(tenants) };
}
