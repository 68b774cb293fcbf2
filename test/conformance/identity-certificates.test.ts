// Conformance of certificate credentials at the emulated token endpoint.
// - Assertion format: https://learn.microsoft.com/entra/identity-platform/certificate-credentials (PS256 with
//   x5t#S256, or RS256 with x5t; aud the tenant's token endpoint; iss and sub the client id).
// - Refusals: AADSTS700027 "Client assertion contains an invalid signature." and "The certificate with identifier
//   used to sign the client assertion is not registered on application." (Azure SDK for JS, sdk/identity/identity/
//   TROUBLESHOOTING.md, ClientCertificateCredential); AADSTS7000215 for a secret the app does not hold.
// - `appidacr`: 1 for a client secret, 2 for a certificate (https://learn.microsoft.com/entra/identity-platform/
//   access-token-claims-reference); SharePoint tells the two apart by it.
// tenantform's own client signs through MSAL (`AZURE_CLIENT_CERTIFICATE_PATH`), so the last case is the real stack.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign, constants, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { startEmulator } from '../support/world.js';

const TENANT = '5b7f0000-0000-4000-8000-0000000005d1';
const OTHER = '5b7f0000-0000-4000-8000-0000000005d2';
const APP = '5b7f0000-0000-4000-8000-0000000005da';
const dir = mkdtempSync(join(tmpdir(), 'tenantform-cert-'));
let emu: RunningEmulator;

/** A fresh self-signed certificate and its key, as `openssl req -x509` writes them. */
function makeCertificate(name: string, days = 2): { key: string; cert: string; pem: string } {
  const [key, cert] = [join(dir, `${name}.key`), join(dir, `${name}.crt`)];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${name}`], { stdio: 'ignore' });
  const pair = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  writeFileSync(join(dir, `${name}.pem`), pair.key + pair.cert);
  return { ...pair, pem: join(dir, `${name}.pem`) };
}

const registered = makeCertificate('registered');
const stranger = makeCertificate('stranger');

function assertion(o: { cert: string; key: string; alg?: 'PS256' | 'RS256'; tenant?: string; exp?: number; iss?: string }): string {
  const der = new X509Certificate(o.cert).raw;
  const alg = o.alg ?? 'PS256';
  const header = alg === 'PS256' ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') } : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: `https://login.microsoftonline.com/${o.tenant ?? TENANT}/oauth2/v2.0/token`, iss: o.iss ?? APP, sub: o.iss ?? APP, jti: `${now}`, nbf: now, exp: o.exp ?? now + 600 };
  const data = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const key = createPrivateKey(o.key);
  const signature = alg === 'PS256'
    ? sign('sha256', Buffer.from(data), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
    : sign('sha256', Buffer.from(data), key);
  return `${data}.${signature.toString('base64url')}`;
}

async function token(fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, scope: 'https://graph.microsoft.com/.default', ...fields }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const jwtBearer = (a: string) => ({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a });
const claimsOf = (accessToken: unknown) => JSON.parse(Buffer.from(String(accessToken).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

beforeAll(async () => {
  const seed: SeedDocument = {
    tenants: [
      { tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.onmicrosoft.com'], skus: [], apps: [{ clientId: APP, roles: ['Organization.Read.All'], certificates: [registered.cert] }] },
      { tenantId: OTHER, displayName: 'Fabrikam', domains: ['fabrikam.onmicrosoft.com'], skus: [] },
    ],
  };
  emu = await startEmulator({ seed, throttling: false });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('certificate credentials', () => {
  it.each(['PS256', 'RS256'] as const)('a %s assertion signed with the registered certificate gets a token with appidacr 2', async (alg) => {
    const r = await token(jwtBearer(assertion({ ...registered, alg })));
    expect(r.status).toBe(200);
    expect(claimsOf(r.body.access_token)).toMatchObject({ appid: APP, appidacr: '2', roles: ['Organization.Read.All'] });
  });

  it('AADSTS700027: a certificate the app does not register, named by its thumbprint', async () => {
    const r = await token(jwtBearer(assertion(stranger)));
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
    const hex = createHash('sha256').update(new X509Certificate(stranger.cert).raw).digest('hex').toUpperCase();
    expect(String(r.body.error_description)).toContain(`AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${hex}']`);
  });

  it('AADSTS700027: the registered thumbprint over a signature of another key', async () => {
    const forged = assertion({ cert: registered.cert, key: stranger.key });
    const r = await token(jwtBearer(forged));
    expect(r.status).toBe(401);
    expect(String(r.body.error_description)).toMatch(/^AADSTS700027: Client assertion contains an invalid signature\./);
  });

  it('refuses an assertion made for another tenant, and one that has expired', async () => {
    expect((await token(jwtBearer(assertion({ ...registered, tenant: OTHER })))).body.error_codes).toEqual([700027]);
    const expired = await token(jwtBearer(assertion({ ...registered, exp: Math.floor(Date.now() / 1000) - 3600 })));
    expect(expired.body.error_codes).toEqual([700024]);
  });

  it('AADSTS7000215: a client secret for an app that registers only a certificate', async () => {
    const r = await token({ client_secret: 'guess' });
    expect(r.status).toBe(401);
    expect(r.body.error_codes).toEqual([7000215]);
  });

  it("tenantform's clients sign in with AZURE_CLIENT_CERTIFICATE_PATH through MSAL and read Graph", async () => {
    const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, credentials: { clientId: APP, certificatePath: registered.pem } });
    const org = await clients.graph.get<{ value: { id: string }[] }>('/organization');
    expect(org.value[0]!.id).toBe(TENANT);
  });
});
