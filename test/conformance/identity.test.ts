// Conformance of the emulated token endpoint's client-credentials refusals, one case per Microsoft page. The emulator
// is strict: no app gets a token unless the tenant knows it, and nothing in a seed turns that off.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { revokeConsent } from '../../src/emulator/access.js';
import { loadSeed } from '../../src/emulator/seed.js';

const PARTNER = '7d000000-0000-4000-8000-0000000000ff';
const CUSTOMER = '7d000000-0000-4000-8000-000000000001';
const APP = '7d0a0000-0000-4000-8000-000000000001';
const SECRET = 'right-secret';

function doc(): SeedDocument {
  return {
    tenants: [{ tenantId: CUSTOMER, displayName: 'Litware', domains: ['litware.com'], skus: [] }],
    partner: { tenantId: PARTNER, displayName: 'Tailspin CSP', domains: ['tailspin.onmicrosoft.com'], skus: [], customers: [{ tenantId: CUSTOMER, companyName: 'Litware' }] },
  } as SeedDocument;
}

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

async function tokenRes(tenant: string, clientId: string, secret: string, scope = 'https://graph.microsoft.com/.default') {
  const res = await fetch(`${emu!.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; error_codes?: number[]; error_description?: string; access_token?: string } };
}

describe('client credentials refusals', () => {
  // https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal (AADSTS700016:
  // "The specified application wasn't found in the specified tenant"); the full sentence is the token endpoint's.
  it('AADSTS700016: an app registered nowhere', async () => {
    emu = await startEmulator({ seed: doc() });
    const r = await tokenRes(CUSTOMER, APP, SECRET);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(r.body.error_description).toMatch(new RegExp(`^AADSTS700016: Application with identifier '${APP}' was not found in the directory 'Litware'\\. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant\\. You may have sent your authentication request to the wrong tenant\\. Trace ID: `));
    expect(r.body.access_token).toBeUndefined();
  });

  // Same page: AADSTS7000215 "An invalid client secret was provided."
  it('AADSTS7000215: the partner app with a wrong secret, in its home tenant and in a customer', async () => {
    emu = await startEmulator({ seed: withApp(doc(), { clientId: APP, clientSecret: SECRET, displayName: 'tenantform', roles: ['User.Read.All'] }) });
    for (const tenant of [PARTNER, CUSTOMER]) {
      const r = await tokenRes(tenant, APP, 'cs~not-the-secret');
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
      expect(r.body.error_description).toContain('AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID');
      expect(r.body.error_description).not.toContain('cs~not-the-secret');
    }
  });

  // https://learn.microsoft.com/microsoftteams/platform/teams-sdk/teams/app-authentication/troubleshooting ("Missing
  // Service Principal in the Tenant"): 401 invalid_client, AADSTS7000229 with this wording.
  it('AADSTS7000229: the partner app in a customer that holds no service principal for it (consent revoked)', async () => {
    emu = await startEmulator({ seed: withApp(doc(), { clientId: APP, clientSecret: SECRET, displayName: 'tenantform', roles: ['User.Read.All'] }) });
    expect((await tokenRes(CUSTOMER, APP, SECRET)).status).toBe(200);
    revokeConsent(emu.state.tenants.get(CUSTOMER)!, APP);
    const r = await tokenRes(CUSTOMER, APP, SECRET);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: 'invalid_client', error_codes: [7000229] });
    expect(r.body.error_description).toMatch(new RegExp(`^AADSTS7000229: The client application ${APP} is missing service principal in the tenant ${CUSTOMER}\\. See instructions here: https://go\\.microsoft\\.com/fwlink/\\?linkid=2225119 `));
    // The home tenant still issues tokens: the registration is untouched.
    expect((await tokenRes(PARTNER, APP, SECRET)).status).toBe(200);
  });

  // https://learn.microsoft.com/entra/identity-platform/reference-error-codes (AADSTS90002 InvalidTenantName).
  it('AADSTS90002: a tenant that does not exist', async () => {
    emu = await startEmulator({ seed: doc() });
    const r = await tokenRes('7d000000-0000-4000-8000-00000000dead', APP, SECRET);
    expect(r.status).toBe(400);
    expect(r.body.error_codes).toEqual([90002]);
  });

  // An application id is global (https://learn.microsoft.com/entra/identity-platform/app-objects-and-service-principals:
  // one application object in its home tenant, a service principal in each tenant that uses it), so a seed that
  // registers one id twice is ambiguous and refused, with the path of the second registration.
  it('refuses a seed that registers one app id in two tenants', () => {
    const d = doc();
    d.partner!.apps = [{ clientId: APP, clientSecret: SECRET }];
    d.tenants[0]!.apps = [{ clientId: APP.toUpperCase(), clientSecret: 'other' }];
    expect(() => loadSeed(d)).toThrow(new RegExp(`/partner/apps/0/clientId: app ${APP} is already registered at /tenants/0/apps/0`));
  });
});
