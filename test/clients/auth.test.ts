import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../src/emulator/server.js';
import { AUDIENCES } from '../../src/emulator/tokens.js';
import { createClients, createRequestCounter, type Credentials } from '../../src/clients/index.js';
import { CERT_APP, OIDC_APP, ScriptedServer, startTokenEmulator } from './kit.js';
import { CONTOSO, PARTNER } from '../support/seed.js';

let emulator: EmulatorServer;
let api: ScriptedServer;

beforeAll(async () => {
  emulator = await startTokenEmulator();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  expect(api.unexpected).toEqual([]);
  await api.close();
});

async function scripted() {
  api = new ScriptedServer(emulator);
  await api.listen();
  return api;
}

const jwtPart = (jwt: string, i: number) => JSON.parse(Buffer.from(jwt.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

describe('sign-in through MSAL against the emulator', () => {
  it('requests one token per tenant and resource, however many calls share it', async () => {
    await scripted();
    const lines: string[] = [];
    const clients = createClients({ tenantId: CONTOSO, partnerTenantId: PARTNER, emulatorUrl: api.origin, debug: (l) => lines.push(l) });
    api.expect('GET', '/v1.0/organization', Array(12).fill({ body: { value: [] } }), AUDIENCES.graph);
    api.expect('GET', '/subscriptions?api-version=2022-12-01', Array(3).fill({ body: { value: [] } }), AUDIENCES.arm);
    api.expect('GET', '/v1.0/tenantRelationships/delegatedAdminRelationships', Array(2).fill({ body: { value: [] } }), AUDIENCES.graph);
    await Promise.all(Array.from({ length: 8 }, () => clients.graph.get('/organization')));
    await Promise.all([1, 2, 3, 4].map(() => clients.graph.list('/organization')));
    await Promise.all([1, 2, 3].map(() => clients.arm.list('/subscriptions?api-version=2022-12-01')));
    await clients.partnerGraph!.list('/tenantRelationships/delegatedAdminRelationships');
    await clients.partnerGraph!.list('/tenantRelationships/delegatedAdminRelationships');
    const tokens = api.tokenRequests();
    expect(tokens.map((t) => `${t.form.get('scope')} ${t.tenant}`).sort()).toEqual([
      `https://graph.microsoft.com/.default ${CONTOSO}`,
      `https://graph.microsoft.com/.default ${PARTNER}`,
      `https://management.azure.com/.default ${CONTOSO}`,
    ].sort());
    expect(api.requests.filter((r) => r.url.includes('delegatedAdmin')).every((r) => r.claims?.tid === PARTNER)).toBe(true);
    expect(lines.filter((l) => l.startsWith('[login] POST'))).toHaveLength(3);
    // MSAL addressed its real authority; its network client carried the calls to the emulator's token endpoint.
    expect(api.identity.every((r) => /^\/[0-9a-f-]{36}\/oauth2\/v2\.0\/token\?client-request-id=/.test(r.url))).toBe(true);
  });

  it('signs in with the GitHub Actions OIDC token as client assertion', async () => {
    await scripted();
    const oidcCalls: { url: string; auth?: string }[] = [];
    const gh: Server = createServer((req, res) => {
      oidcCalls.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: 'gh-oidc-jwt-value', count: 1 }));
    });
    await new Promise<void>((r) => gh.listen(0, '127.0.0.1', r));
    const env = {
      AZURE_CLIENT_ID: OIDC_APP,
      AZURE_TENANT_ID: PARTNER,
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(gh.address() as AddressInfo).port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'gh-request-token',
    };
    try {
      const { credentialsFromEnv } = await import('../../src/clients/index.js');
      const credentials = credentialsFromEnv(env)!;
      expect(credentials).toEqual({ clientId: OIDC_APP, partnerTenantId: PARTNER, oidc: true });
      const lines: string[] = [];
      const clients = createClients({ tenantId: CONTOSO, credentials, env, emulatorUrl: api.origin, debug: (l) => lines.push(l) });
      api.expect('GET', '/v1.0/organization', [{ body: { value: [{ id: CONTOSO }] } }], AUDIENCES.graph);
      await clients.graph.get('/organization');
      expect(oidcCalls).toEqual([{ url: '/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange', auth: 'Bearer gh-request-token' }]);
      const form = api.tokenRequests()[0]?.form;
      expect(form!.get('client_assertion')).toBe('gh-oidc-jwt-value');
      expect(form!.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      expect(form!.get('client_id')).toBe(OIDC_APP);
      expect(form!.has('client_secret')).toBe(false);
      expect(api.requests[0]!.claims?.appid).toBe(OIDC_APP);
      expect(lines.join('\n')).not.toMatch(/gh-oidc-jwt-value|gh-request-token/);
    } finally {
      await new Promise<void>((r) => gh.close(() => r()));
    }
  });

  it('signs in with a certificate: a JWT assertion signed by the key, thumbprint in the header', async () => {
    await scripted();
    const dir = mkdtempSync(join(tmpdir(), 'tf-cert-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=tenantform-test'], { stdio: 'ignore' });
    const bundle = join(dir, 'app.pem');
    writeFileSync(bundle, readFileSync(key, 'utf8') + readFileSync(cert, 'utf8'));
    const credentials: Credentials = { clientId: CERT_APP, certificatePath: bundle };
    const clients = createClients({ tenantId: CONTOSO, credentials, emulatorUrl: api.origin, counter: createRequestCounter() });
    api.expect('GET', '/v1.0/organization', [{ body: { value: [] } }], AUDIENCES.graph);
    await clients.graph.get('/organization');
    const assertion = api.tokenRequests()[0]!.form.get('client_assertion')!;
    const thumb = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256']).toString().split('=')[1]!.trim().replace(/:/g, '');
    expect(jwtPart(assertion, 0)['x5t#S256']).toBe(Buffer.from(thumb, 'hex').toString('base64url'));
    expect(jwtPart(assertion, 1)).toMatchObject({ iss: CERT_APP, sub: CERT_APP });
    expect(clients.counter.count('graph')).toBe(1);
  });

  it('fails a call clearly when the token endpoint refuses the tenant', async () => {
    await scripted();
    const clients = createClients({ tenantId: '00000000-0000-4000-8000-00000000dead', emulatorUrl: api.origin });
    const err = await clients.graph.get('/organization').catch((e: unknown) => e);
    expect(err).toMatchObject({ service: 'login' });
    expect((err as Error).message).toMatch(/AADSTS90002|not found/);
    expect(api.requests).toEqual([]);
  });
});
