// Azure Partner Admin Link: the partner id linked to the credential tenantform uses in the customer's Azure.
import type { AdminLinkSpec } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { armOf, orAbsent } from '../azure/api.js';
import { exportAdminLink } from './export.js';

const API = 'api-version=2018-02-01';
const BASE = '/providers/Microsoft.ManagementPartner/partners';

export interface LiveAdminLink { id: string; partnerId: string; partnerName?: string }

export const adminLinkKind: Kind<AdminLinkSpec, LiveAdminLink> = {
  kind: 'adminLink',
  shape: 'singleton', section: 'partner.adminLink', prefix: 'adminLink', schema: 'partner.schema.json',
  // The link belongs to the calling identity, which needs some role on the customer's Azure resources.
  permissions: { read: { arm: ['Reader'] }, write: {} },
  select: (config) => (config.partner?.adminLink ? [config.partner.adminLink] : []),
  address: () => 'adminLink',
  export: (ctx) => exportAdminLink(ctx, adminLinkKind.fetch),
  async fetch(ctx, desired) {
    if (desired.length === 0) return { live: [], complete: true };
    const got = await orAbsent(armOf(ctx.clients).get<{ id: string; properties: { partnerId: string; partnerName?: string } }>(`${BASE}?${API}`));
    return { live: got ? [{ id: got.id, partnerId: got.properties.partnerId, partnerName: got.properties.partnerName }] : [], complete: true };
  },
  diff(desired, live) {
    const d = desired[0];
    const l = live[0];
    if (!d) return { changes: [] };
    const after = { partnerId: d.partnerId };
    if (!l) {
      return { changes: [{ kind: 'adminLink', address: 'adminLink', action: 'create', before: null, after, reason: 'missing', fields: [{ path: 'partnerId', after: d.partnerId }] }] };
    }
    if (l.partnerId === d.partnerId) return { changes: [] };
    return {
      changes: [{ kind: 'adminLink', address: 'adminLink', action: 'update', before: { ...l }, after, reason: 'field_changed', fields: [{ path: 'partnerId', before: l.partnerId, after: d.partnerId }] }],
    };
  },
  async apply(change, ctx) {
    const partnerId = String(change.after?.partnerId ?? '');
    const arm = armOf(ctx.clients);
    const path = `${BASE}/${encodeURIComponent(partnerId)}?${API}`;
    const out = change.action === 'create' ? await arm.put<{ id: string }>(path, {}) : await arm.patch<{ id: string }>(path, {});
    return { id: out.id };
  },
};
