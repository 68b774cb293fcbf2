// Conformance: SharePoint's REST API on the tenant's own hosts, served under the emulator's origin with the host as
// the first path segment (`/contoso-admin.sharepoint.com/_api/…`).
// - App-only access takes certificate tokens only: a token got with a client secret is refused 401 "Unsupported app
//   only token." (learn.microsoft.com/sharepoint/dev/solution-guidance/security-apponly-azuread, FAQ: other means
//   "are blocked by SharePoint Online and will result in an Access Denied message"; the 401 text is SharePoint's).
// - SPSiteManager: SharePoint/sp-dev-docs docs/apis/site-creation-rest.md (create answers 200 `{SiteId, SiteStatus,
//   SiteUrl}`, Owner required app-only; status answers SiteStatus 0 with no id or URL for a site that does not exist).
// - The tenant admin API's SiteProperties (Microsoft.Online.SharePoint.TenantAdministration, CSOM reference):
//   StorageMaximumLevel (MB), SharingCapability (SharingCapabilities 0–3), Owner.
import { execFileSync } from 'node:child_process';
import { constants, createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { startEmulator } from '../support/world.js';

const TENANT = '5b7f0000-0000-4000-8000-0000000005f1';
const OTHER = '5b7f0000-0000-4000-8000-0000000005f2';
const ADMIN_APP = '5b7f0000-0000-4000-8000-0000000005fa';
const NO_ROLE_APP = '5b7f0000-0000-4000-8000-0000000005fb';
const ADMIN = '/contoso-admin.sharepoint.com';
const ROOT = '/contoso.sharepoint.com';
const dir = mkdtempSync(join(tmpdir(), 'tenantform-spo-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '2', '-subj', '/CN=spo-test'], { stdio: 'ignore' });
const KEY = readFileSync(join(dir, 'k'), 'utf8');
const CERT = readFileSync(join(dir, 'c'), 'utf8');
let emu: RunningEmulator;

function assertion(clientId: string, tenant: string): string {
  const header = { alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(new X509Certificate(CERT).raw).digest('base64url') };
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, iss: clientId, sub: clientId, jti: `${now}`, nbf: now, exp: now + 600 };
  const data = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(data), { key: createPrivateKey(KEY), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return `${data}.${signature.toString('base64url')}`;
}

async function token(clientId: string, resource: string, how: 'certificate' | 'secret' = 'certificate', tenant = TENANT): Promise<string> {
  const credential: Record<string, string> = how === 'secret' ? { client_secret: 's' } : { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion(clientId, tenant) };
  const res = await fetch(`${emu.url}/${tenant}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: `${resource}/.default`, ...credential }) });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(JSON.stringify(body));
  return body.access_token;
}

async function call(accessToken: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}${path}`, {
    method, headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json;odata=nometadata', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  const app = (clientId: string, roles: string[]) => ({ clientId, clientSecret: 's', roles, certificates: [CERT] });
  const seed: SeedDocument = {
    tenants: [
      { tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [], users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }],
        apps: [app(ADMIN_APP, ['SharePoint/Sites.FullControl.All']), app(NO_ROLE_APP, ['Sites.FullControl.All'])] },
      { tenantId: OTHER, displayName: 'Fabrikam', domains: ['fabrikam.onmicrosoft.com'], skus: [] },
    ],
  };
  emu = await startEmulator({ seed, throttling: false });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const create = (t: string, request: Record<string, unknown>) => call(t, 'POST', `${ROOT}/_api/SPSiteManager/create`, { request });
const intranet = { Title: 'Intranet', Url: 'https://contoso.sharepoint.com/sites/intranet', Lcid: 1033, WebTemplate: 'SITEPAGEPUBLISHING#0', Owner: 'alice@contoso.com' };

describe('app-only access to SharePoint', () => {
  it('refuses a token got with a client secret: 401 "Unsupported app only token."', async () => {
    const r = await call(await token(ADMIN_APP, 'https://contoso.sharepoint.com', 'secret'), 'GET', `${ROOT}/_api/SPSiteManager/status?url='x'`);
    expect(r).toEqual({ status: 401, body: { error_description: 'Unsupported app only token.' } });
  });

  it("refuses a certificate token without SharePoint's Sites.FullControl.All (Graph's permission of that name is not it)", async () => {
    const r = await call(await token(NO_ROLE_APP, 'https://contoso-admin.sharepoint.com'), 'POST', `${ADMIN}/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters`, { speFilter: {} });
    expect(r.status).toBe(403);
  });

  it("refuses a token for another host's audience, and a host of another tenant", async () => {
    const rootToken = await token(ADMIN_APP, 'https://contoso.sharepoint.com');
    expect((await call(rootToken, 'POST', `${ADMIN}/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters`, { speFilter: {} })).status).toBe(401);
    const r = await call(await token(ADMIN_APP, 'https://fabrikam-admin.sharepoint.com'), 'POST', '/fabrikam-admin.sharepoint.com/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters', { speFilter: {} });
    expect(r.status).toBe(401);
  });
});

describe('SPSiteManager and the tenant admin API', () => {
  it('creates a communication site (SiteStatus 2), reports its status, and 0 with no id for a missing one', async () => {
    const t = await token(ADMIN_APP, 'https://contoso.sharepoint.com');
    const made = await create(t, intranet);
    expect(made.status).toBe(200);
    expect(made.body).toEqual({ SiteId: expect.stringMatching(/^[0-9a-f-]{36}$/), SiteStatus: 2, SiteUrl: intranet.Url });
    const url = encodeURIComponent(`'${intranet.Url}'`);
    expect((await call(t, 'GET', `${ROOT}/_api/SPSiteManager/status?url=${url}`)).body).toEqual(made.body);
    expect((await call(t, 'GET', `${ROOT}/_api/SPSiteManager/status?url=${encodeURIComponent("'https://contoso.sharepoint.com/sites/none'")}`)).body).toEqual({ SiteId: null, SiteStatus: 0, SiteUrl: null });
  });

  it('refuses a creation without the owner app-only callers must name, and on a URL outside the tenant', async () => {
    const t = await token(ADMIN_APP, 'https://contoso.sharepoint.com');
    expect((await create(t, { ...intranet, Url: 'https://contoso.sharepoint.com/sites/noowner', Owner: undefined })).status).toBe(400);
    expect((await create(t, { ...intranet, Url: 'https://fabrikam.sharepoint.com/sites/x' })).status).toBe(400);
  });

  it("reads and sets a site's SiteProperties on the admin host only", async () => {
    const admin = await token(ADMIN_APP, 'https://contoso-admin.sharepoint.com');
    const list = await call(admin, 'POST', `${ADMIN}/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters`, { speFilter: { Template: 'SITEPAGEPUBLISHING#0', IncludePersonalSite: 0, IncludeDetail: true } });
    const site = (list.body.value as Record<string, unknown>[]).find((s) => s.Url === intranet.Url)!;
    expect(site).toMatchObject({ Title: 'Intranet', Owner: 'alice@contoso.com', Template: 'SITEPAGEPUBLISHING#0' });
    const at = `${ADMIN}/_api/SPO.Tenant/sites('${String(site.SiteId)}')`;
    expect((await call(admin, 'PATCH', at, { StorageMaximumLevel: 2048, SharingCapability: 0 })).status).toBe(204);
    expect((await call(admin, 'GET', at)).body).toMatchObject({ StorageMaximumLevel: 2048, SharingCapability: 0 });
    expect((await call(admin, 'PATCH', at, { SharingCapability: 7 })).status).toBe(400);
    expect((await call(admin, 'PATCH', at, { Quota: 1 })).status).toBe(400);
    const rootToken = await token(ADMIN_APP, 'https://contoso.sharepoint.com');
    expect((await call(rootToken, 'GET', `${ROOT}/_api/SPO.Tenant/sites('${String(site.SiteId)}')`)).status).toBe(403);
  });
});
