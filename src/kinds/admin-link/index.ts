// Azure Partner Admin Link: the partner id linked to the credential tenantform uses in the customer's Azure.
import type { AdminLinkSpec } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { armOf, orAbsent } from '../azure/api.js';
import { changedFields, singletonBehaviour, type Singleton } from '../shared/reconcile-singleton.js';
import { exportAdminLink } from './export.js';

const API = 'api-version=2018-02-01';
const BASE = '/providers/Microsoft.ManagementPartner/partners';

// A type alias, so that the live link is a plain record for the plan.
export type LiveAdminLink = { id: string; partnerId: string; partnerName?: string };

const singleton: Singleton<AdminLinkSpec, LiveAdminLink> = {
  kind: 'adminLink', address: 'adminLink', path: 'partner.adminLink',
  async read(ctx) {
    // The calling identity has at most one link: ARM answers 404 when it has none.
    const got = await orAbsent(armOf(ctx.clients).get<{ id: string; properties: { partnerId: string; partnerName?: string } }>(`${BASE}?${API}`));
    return got ? [{ id: got.id, partnerId: got.properties.partnerId, partnerName: got.properties.partnerName }] : [];
  },
  id: (l) => l.id,
  fields: (want, have) => changedFields({ partnerId: want.partnerId }, have),
  create: (d) => ({ kind: 'adminLink', address: 'adminLink', action: 'create', before: null, after: { partnerId: d.partnerId }, reason: 'missing', fields: [{ path: 'partnerId', after: d.partnerId }] }),
};

export const adminLinkKind: Kind<AdminLinkSpec, LiveAdminLink> = {
  kind: 'adminLink',
  shape: 'singleton', section: 'partner.adminLink', prefix: 'adminLink', schema: 'partner.schema.json',
  // The link belongs to the calling identity, which needs some role on the customer's Azure resources.
  permissions: { read: { arm: ['Reader'] }, write: {} },
  ...singletonBehaviour(singleton, (config) => config.partner?.adminLink),
  export: (ctx) => exportAdminLink(ctx, adminLinkKind.fetch),
  async apply(change, ctx) {
    const partnerId = String(change.after?.partnerId ?? '');
    const arm = armOf(ctx.clients);
    const path = `${BASE}/${encodeURIComponent(partnerId)}?${API}`;
    const out = change.action === 'create' ? await arm.put<{ id: string }>(path, {}) : await arm.patch<{ id: string }>(path, {});
    return { id: out.id };
  },
};
