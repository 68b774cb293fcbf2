// Export of the partner apps' directory roles: for each app consented into the customer (its consent is exported by
// partnerConsent into the same entries), the roles its service principal holds at directory scope.
import type { ExportResult, FetchContext } from '../contract.js';
import { count, sortStrings } from '../shared/export.js';
import { readConsents } from '../partner-consent/index.js';
import { fetchConsentRoles } from './fetch.js';

export async function exportConsentRoles(ctx: FetchContext): Promise<ExportResult> {
  const pc = ctx.clients.partnerCenter;
  if (!pc || !ctx.clients.partnerCenterAppUser) return { section: 'partner.consent', items: [] };
  const apps = (await readConsents(pc, ctx.tenant.tenant.tenantId)).map((c) => c.applicationId);
  if (apps.length === 0) return { section: 'partner.consent', items: [] };
  // Read as if every consented app declared its roles, so the one read path of plan serves export too.
  const consent = apps.map((applicationId) => ({ applicationId, access: 'read' as const, roles: [] }));
  const { live } = await fetchConsentRoles({ ...ctx, tenant: { ...ctx.tenant, partner: { ...ctx.tenant.partner, consent } } });
  const items = apps.map((applicationId) => ({ applicationId, roles: sortStrings([...new Set(live.filter((l) => l.appId === applicationId).map((l) => l.role))]) }));
  return { section: 'partner.consent', items, comments: [`${count(live.length, 'directory role assignment')} of partner apps' service principals`] };
}
