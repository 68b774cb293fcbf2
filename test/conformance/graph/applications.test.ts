// Conformance: `GET /applications` (api-reference/v1.0/api/application-list.md) with `$filter=appId eq` and `$select`,
// each passwordCredential shaped as api-reference/v1.0/resources/passwordcredential.md has it: `hint` the first three
// characters of the secret, `secretText` never returned after creation, `endDateTime` its expiry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { conformanceSeed } from './kit.js';
import { type Call, graph } from '../../support/http.js';
import { CONTOSO } from '../../support/seed.js';

const APP = 'a0000000-0000-4000-8000-00000000000a';
const SECRET = 'abc-secret-value';
let emu: RunningEmulator;
const c: { call: Call } = { call: async () => { throw new Error('not started'); } };
beforeAll(async () => {
  const seed = conformanceSeed();
  // Listing applications needs Application.Read.All (least privileged, application-list.md's permissions table).
  seed.tenants[0]!.apps = [{ clientId: APP, displayName: 'tenantform', clientSecret: SECRET, clientSecretExpires: '2031-06-30T00:00:00Z', roles: ['Application.Read.All'] }];
  emu = await startEmulator({ seed, throttling: false });
  const res = await fetch(`${emu.url}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, client_secret: SECRET, scope: 'https://graph.microsoft.com/.default' }),
  });
  c.call = graph(emu.url, ((await res.json()) as { access_token: string }).access_token);
});
afterAll(async () => { await emu.close(); });

describe('GET /applications', () => {
  it('finds the registration by appId and serves its secret without the secret', async () => {
    const r = await c.call('GET', `/applications?$filter=appId eq '${APP}'&$select=appId,passwordCredentials`);
    expect(r.status).toBe(200);
    const [app] = r.body.value as { appId: string; passwordCredentials: Record<string, unknown>[]; displayName?: string }[];
    expect(app!.appId).toBe(APP);
    expect(app!.displayName).toBeUndefined();
    expect(app!.passwordCredentials).toEqual([expect.objectContaining({ endDateTime: '2031-06-30T00:00:00Z', hint: 'abc', secretText: null, keyId: expect.any(String) })]);
    expect(JSON.stringify(r.body)).not.toContain(SECRET);
  });

  it('an unknown property in $filter is a 400, as for other directory objects', async () => {
    const r = await c.call('GET', `/applications?$filter=nope eq 'x'`);
    expect(r.status).toBe(400);
  });
});
