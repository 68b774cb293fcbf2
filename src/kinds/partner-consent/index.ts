// The partner's multi-tenant apps consented into the customer through Partner Center's application consent API
// (https://learn.microsoft.com/partner-center/developer/control-panel-vendor-apis): the consent is what gives an
// app a service principal in the customer, and with it app-only tokens carrying exactly the consented grants. The
// calls are App+User (a partner user's refresh token, TENANTFORM_PARTNER_REFRESH_TOKEN), made by an Admin Agent who
// holds Cloud Application Administrator (or Privileged Role or Global Administrator) in the customer through GDAP.
import type { RestApi } from '../../clients/types.js';
import { ApiError } from '../../clients/errors.js';
import type { Kind } from '../contract.js';
import { partnerCenterOf } from '../azure/api.js';
import { opsOf } from '../../plan/types.js';
import { diffConsents } from './diff.js';
import { exportConsents } from './export.js';
import { KIND, address, consentsPath, fromWire, selectConsents, type DesiredConsent, type LiveConsent, type WireConsent } from './model.js';

const APP_USER_HINT = 'Partner Center application consents are App+User calls: set TENANTFORM_PARTNER_REFRESH_TOKEN to a partner Admin Agent\'s refresh token (docs/connect.md; check with tenantform doctor)';

/** A 403 from Partner Center names what is missing; the hint says how to provide it. */
async function explained<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) throw new Error(`${error.message} — ${APP_USER_HINT}`, { cause: error });
    throw error;
  }
}

export async function readConsents(pc: RestApi, tenantId: string): Promise<LiveConsent[]> {
  return (await explained(pc.list<WireConsent>(consentsPath(tenantId)))).map(fromWire);
}

export const partnerConsentKind: Kind<DesiredConsent, LiveConsent> = {
  kind: KIND,
  shape: 'collection', section: 'partner.consent', listKey: ['applicationId'], keyLabel: 'consented applicationId', prefix: 'consent',
  schema: 'partner.schema.json',
  permissions: { read: { partnerCenter: ['user_impersonation'] }, write: { gdapRoles: ['Cloud Application Administrator'] } },
  select: selectConsents,
  address,
  export: (ctx) => exportConsents(ctx),
  async fetch(ctx, desired) {
    if (desired.length === 0) return { live: [], complete: false };
    return { live: await readConsents(partnerCenterOf(ctx.clients), ctx.tenant.tenant.tenantId), complete: true };
  },
  diff: (desired, live, ctx) => diffConsents(desired, live, ctx),
  // Without its consent the app gets no token for the customer (AADSTS700016): nothing there can be read yet.
  accessGate: (desired, live) => desired
    .filter((d) => d.ensure !== 'absent' && !live.some((l) => l.applicationId === d.applicationId.toLowerCase()))
    .map((d) => ({ summary: `app ${d.applicationId} is not consented in the customer yet: apply consents it`, address: address(d), path: d.path })),
  async apply(change, ctx) {
    const pc = partnerCenterOf(ctx.clients);
    const path = consentsPath(ctx.tenant.tenant.tenantId);
    const ops = opsOf(change, 'consent');
    if (ops.removeFirst) await explained(pc.delete(`${path}/${encodeURIComponent(ops.applicationId)}`));
    if (!ops.grant) return { message: 'consent removed: the app has no access to the customer any more' };
    await explained(pc.post(path, { applicationId: ops.applicationId, ...ops.grant }));
    return { message: `consented with ${ops.grant.applicationGrants.map((g) => g.scope).join(',')}` };
  },
};
