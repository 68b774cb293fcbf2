// Export of the Partner Admin Link of the identity tenantform signs in with.
import type { AdminLinkSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import type { LiveAdminLink } from './index.js';

type Fetch = (ctx: FetchContext, desired: AdminLinkSpec[]) => Promise<FetchResult<LiveAdminLink>>;

export async function exportAdminLink(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  // The fetch reads the link only when one is declared; any partner id does, the live one is what comes back.
  const { live } = await fetch(ctx, [{ partnerId: '0' }]);
  const link = live[0];
  return {
    section: 'partner.adminLink',
    single: true,
    items: link ? [{ partnerId: link.partnerId }] : [],
    comments: link ? ['Partner Admin Link of the identity tenantform signs in with'] : [],
  };
}
