// Export of consents. Only tenantform's own app is written: a declared consent holds exactly the grants that the
// tenant's declared kinds need, which is right for tenantform and wrong for any other partner app, whose grants have
// nothing to do with these kinds (declaring one would narrow it on the next apply). The others are named in a comment.
// Whether tenantform's app is the read-only or the writing one is not recorded by Partner Center; an app holding any
// ReadWrite grant is exported as `write`.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { readConsents } from './index.js';
import type { LiveConsent } from './model.js';

/** The live consents, split into tenantform's own app's (the one export writes) and the other partner apps'. */
export async function consentsToExport(ctx: FetchContext): Promise<{ ours: LiveConsent[]; others: LiveConsent[] }> {
  const live = (await readConsents(ctx.clients.partnerCenter!, ctx.tenant.tenant.tenantId)).sort(byKey((c) => c.applicationId));
  const own = (await ctx.clients.caller?.())?.appId.toLowerCase();
  return { ours: live.filter((c) => c.applicationId === own), others: live.filter((c) => c.applicationId !== own) };
}

export async function exportConsents(ctx: FetchContext): Promise<ExportResult> {
  const pc = ctx.clients.partnerCenter;
  if (!pc || !ctx.clients.partnerCenterAppUser) {
    return { section: 'partner.consent', items: [], comments: ['consents not exported: Partner Center consents are read App+User (set TENANTFORM_PARTNER_REFRESH_TOKEN)'] };
  }
  const { ours, others } = await consentsToExport(ctx);
  const items = ours.map((c) => ({
    applicationId: c.applicationId, access: c.graph.some((g) => g.includes('ReadWrite')) ? 'write' : 'read', ...(c.displayName ? { displayName: c.displayName } : {}),
  }));
  const comments = items.length ? [count(items.length, 'partner app consent'), 'access is inferred from the grants (ReadWrite: write); check it'] : [];
  if (others.length) {
    const names = others.map((c) => c.displayName ? `${c.displayName} (${c.applicationId})` : c.applicationId).join(', ');
    comments.push(`not exported, since a declared consent is narrowed to what these kinds need: ${names}`);
  }
  return { section: 'partner.consent', items, comments };
}
