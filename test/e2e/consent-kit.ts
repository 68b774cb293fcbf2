// A partner and one customer for the consent and onboarding tests: the partner's app registered in the partner
// tenant, an Admin Agent with Cloud Application Administrator in the customer through GDAP and their refresh token,
// and CLI dependencies that connect as that app with that refresh token (the environment a CI job would have).
import { connect } from '../../src/cli/connect.js';
import type { CliDeps } from '../../src/cli/common.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { kinds } from '../../src/kinds/index.js';
import { AGENT_RT, APP, APP_SECRET, CUSTOMER, PARTNER, consentSeed } from '../conformance/partner-center/kit.js';

export { AGENT_RT, APP, APP_SECRET, CUSTOMER, PARTNER };
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';

/** The conformance kit's partner with a customer that has a licence catalogue and users to manage. */
export function onboardingSeed(o: Parameters<typeof consentSeed>[0] = {}): SeedDocument {
  const s = consentSeed(o);
  const contoso = s.tenants[0];
  if (contoso) {
    contoso.domains = ['contoso.com', 'contoso.onmicrosoft.com'];
    contoso.skus = [{ skuId: E3, skuPartNumber: 'SPE_E3', seats: 5, servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }] }];
    contoso.users = [{ userPrincipalName: 'admin@contoso.onmicrosoft.com', displayName: 'Contoso Admin' }];
  }
  s.partner!.customers = [{ tenantId: CUSTOMER, companyName: 'Contoso Ltd', domain: 'contoso.com' }];
  return s;
}

export const partnerEnv = (refreshToken = AGENT_RT): NodeJS.ProcessEnv => ({
  AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: APP_SECRET, AZURE_TENANT_ID: PARTNER, TENANTFORM_PARTNER_REFRESH_TOKEN: refreshToken,
});

export interface Captured { deps: CliDeps; out: () => string; err: () => string }

export function partnerCli(env: NodeJS.ProcessEnv = partnerEnv()): Captured {
  let out = '';
  let err = '';
  const deps: CliDeps = {
    kinds, connect: (o) => connect({ ...o, env }),
    out: (t) => (out += t), err: (t) => (err += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(),
  };
  return { deps, out: () => out, err: () => err };
}
