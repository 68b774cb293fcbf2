// Export of the directory roles of tenantform's own app, the one consent partnerConsent exports (into the same
// entry): the roles its service principal holds at directory scope.
import type { ExportResult, FetchContext } from '../contract.js';
import { count, sortStrings } from '../shared/export.js';
import { consentsToExport } from '../partner-consent/export.js';
import { fetchConsentRoles } from './fetch.js';

export async function exportConsentRoles(ctx: FetchContext): Promise<ExportResult> {
  const pc = ctx.clients.partnerCenter;
  if (!pc || !ctx.clients.partnerCenterAppUser) return { section: 'partner.consent', items: [] };
  const apps = (await consentsToExport(ctx)).ours.map((c) => c.applicationId);
  if (apps.length === 0) return { section: 'partner.consent', items: [] };
  // Read as if every consented app declared its roles, so the one read path of plan serves export too.
  const consent = apps.map((applicationId) => ({ applicationId, access: 'read' as const, roles: [] }));
  const { live } = await fetchConsentRoles({ ...ctx, tenant: { ...ctx.tenant, partner: { ...ctx.tenant.partner, consent } } });
  const items = apps.map((applicationId) => ({ applicationId, roles: sortStrings([...new Set(live.filter((l) => l.appId === applicationId).map((l) => l.role))]) }));
  return { section: 'partner.consent', items, comments: [`${count(live.length, 'directory role assignment')} of tenantform's service principal`] };
}
