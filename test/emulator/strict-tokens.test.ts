// Strict tokens: the token endpoint gives a client-credentials token only to an app the tenant knows (registered
// there, or the partner's multi-tenant app consented there), with exactly the roles granted there, and Graph refuses
// a token without the role a route needs. The AADSTS codes and texts are those of
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes (the reference gives the codes and a
// summary; the full sentences are what the token endpoint returns); the 403 is Graph's
// (https://learn.microsoft.com/graph/errors, Authorization_RequestDenied).
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { smallSeed, TENANT } from './kit.js';

const APP = 'c0ffee00-0000-4000-8000-000000000001';
const SECRET = 'right-secret';
const GRAPH = 'https://graph.microsoft.com/.default';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function tokenRes(url: string, clientId: string, secret: string, scope = GRAPH) {
  const res = await fetch(`${url}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { roles?: string[]; oid: string };

describe('strict tokens', () => {
  // AADSTS700016: the app is not in the directory (not registered, not consented).
  it('refuses an app the tenant does not know with AADSTS700016', async () => {
    emu = await startEmulator({ seed: smallSeed() });
    const r = await tokenRes(emu.url, APP, SECRET);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('unauthorized_client');
    expect(r.body.error_codes).toEqual([700016]);
    expect(String(r.body.error_description)).toMatch(
      new RegExp(`^AADSTS700016: Application with identifier '${APP}' was not found in the directory 'Contoso'\\. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant\\.`),
    );
  });

  // AADSTS7000215: the secret is not one of the app's.
  it('refuses a wrong secret with AADSTS7000215', async () => {
    emu = await startEmulator({ seed: withApp(smallSeed(), { clientId: APP, clientSecret: SECRET, displayName: 'x', roles: ['User.Read.All'] }) });
    const r = await tokenRes(emu.url, APP, 'wrong');
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_client');
    expect(String(r.body.error_description)).toContain(`AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'.`);
  });

  // The roles claim holds the app roles granted in the tenant, per resource: Graph's in a Graph token, Exchange's in
  // an Exchange token (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference, `roles`).
  it('carries exactly the roles granted, per resource, and the service principal as oid', async () => {
    emu = await startEmulator({ seed: withApp(smallSeed(), { clientId: APP, clientSecret: SECRET, displayName: 'x', roles: ['User.Read.All', 'Exchange.ManageAsApp'] }) });
    const graph = await tokenRes(emu.url, APP, SECRET);
    expect(claims(String(graph.body.access_token)).roles).toEqual(['User.Read.All']);
    const exo = await tokenRes(emu.url, APP, SECRET, 'https://outlook.office365.com/.default');
    expect(claims(String(exo.body.access_token)).roles).toEqual(['Exchange.ManageAsApp']);
    expect(claims(String(graph.body.access_token)).oid).not.toBe(APP);
  });

  // An app with no grants gets a token without `roles`, and Graph refuses its write with 403.
  it('refuses a Graph write to an app with no grants (403 Authorization_RequestDenied)', async () => {
    emu = await startEmulator({ seed: withApp(smallSeed(), { clientId: APP, clientSecret: SECRET, displayName: 'x', roles: [] }) });
    const t = await tokenRes(emu.url, APP, SECRET);
    expect(t.status).toBe(200);
    expect(claims(String(t.body.access_token)).roles).toBeUndefined();
    const res = await fetch(`${emu.url}/v1.0/users`, {
      method: 'POST', headers: { authorization: `Bearer ${String(t.body.access_token)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountEnabled: true, displayName: 'Eve', mailNickname: 'eve', userPrincipalName: 'eve@contoso.com', passwordProfile: { password: 'Xx-123456789' } }),
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('Authorization_RequestDenied');
    expect(body.error.message).toBe('Insufficient privileges to complete the operation.');
    expect(emu.state.tenants.get(TENANT)!.upnIndex.has('eve@contoso.com')).toBe(false);
  });
});
