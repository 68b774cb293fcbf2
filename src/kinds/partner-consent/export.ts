// Export of consents: the partner's apps consented into the customer. Whether an app is the read-only or the
// writing one is not recorded by Partner Center; an app holding any ReadWrite grant is exported as `write`.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { readConsents } from './index.js';

export async function exportConsents(ctx: FetchContext): Promise<ExportResult> {
  const pc = ctx.clients.partnerCenter;
  if (!pc || !ctx.clients.partnerCenterAppUser) {
    return { section: 'partner.consent', items: [], comments: ['consents not exported: Partner Center consents are read App+User (set TENANTFORM_PARTNER_REFRESH_TOKEN)'] };
  }
  const live = (await readConsents(pc, ctx.tenant.tenant.tenantId)).sort(byKey((c) => c.applicationId));
  const items = live.map((c) => ({
    applicationId: c.applicationId, access: c.graph.some((g) => g.includes('ReadWrite')) ? 'write' : 'read', ...(c.displayName ? { displayName: c.displayName } : {}),
  }));
  const comments = items.length ? [count(items.length, 'partner app consent'), 'access is inferred from the grants (ReadWrite: write); check it'] : [];
  return { section: 'partner.consent', items, comments };
}
