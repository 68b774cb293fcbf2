// Conformance: the tenant's SharePoint settings in Graph v1.0.
// - GET /admin/sharepoint/settings (microsoft-graph-docs-contrib api-reference/v1.0/api/sharepointsettings-get.md):
//   200 with the settings object; permissions SharePointTenantSettings.Read.All, SharePointTenantSettings.ReadWrite.All.
// - PATCH /admin/sharepoint/settings (sharepointsettings-update.md): 200 with the updated object; only the
//   properties of its table may be set; permission SharePointTenantSettings.ReadWrite.All.
// - Property names and types: the CSDL's `sharepointSettings` (/work/shared/reference/graph-v1.0.csdl), enumerations
//   sharingCapabilities, sharingDomainRestrictionMode, imageTaggingChoice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { SeedDocument } from '../../../src/emulator/seed.js';
import { appToken, startEmulator } from '../../support/world.js';

const TENANT = '5b7f0000-0000-4000-8000-0000000005c1';
const READER = '5b7f0000-0000-4000-8000-0000000005c2';
const WRITER = '5b7f0000-0000-4000-8000-0000000005c3';
const NONE = '5b7f0000-0000-4000-8000-0000000005c4';
const PATH = '/v1.0/admin/sharepoint/settings';
let emu: RunningEmulator;

beforeAll(async () => {
  const seed: SeedDocument = {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.onmicrosoft.com'], skus: [],
      apps: [
        { clientId: READER, clientSecret: 's', roles: ['SharePointTenantSettings.Read.All'] },
        { clientId: WRITER, clientSecret: 's', roles: ['SharePointTenantSettings.ReadWrite.All'] },
        { clientId: NONE, clientSecret: 's', roles: ['Sites.Read.All'] },
      ],
    }],
  };
  emu = await startEmulator({ seed, throttling: false });
});
afterAll(async () => { await emu.close(); });

async function call(app: string, method: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await appToken(emu.url, TENANT, app);
  const res = await fetch(`${emu.url}${PATH}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The structural properties the CSDL declares for sharepointSettings (besides entity's id). */
function csdlProperties(): string[] {
  const csdl = readFileSync('/work/shared/reference/graph-v1.0.csdl', 'utf8');
  const type = /<EntityType Name="sharepointSettings"[^>]*>([\s\S]*?)<\/EntityType>/.exec(csdl)?.[1] ?? '';
  return [...type.matchAll(/<Property Name="([^"]+)"/g)].map((m) => m[1]!);
}

describe('GET /admin/sharepoint/settings', () => {
  it('serves the object itself with exactly the CSDL properties, to an app holding SharePointTenantSettings.Read.All', async () => {
    const r = await call(READER, 'GET');
    expect(r.status).toBe(200);
    expect(r.body.value).toBeUndefined();
    const names = Object.keys(r.body).filter((k) => !k.startsWith('@odata.'));
    expect(names.sort()).toEqual(csdlProperties().sort());
    expect(r.body.availableManagedPathsForSiteCreation).toEqual(['/sites/', '/teams/']);
    expect(r.body.idleSessionSignOut).toEqual({ isEnabled: true, warnAfterInSeconds: 120, signOutAfterInSeconds: 300 });
  });

  it('is refused 403 Authorization_RequestDenied without either SharePointTenantSettings permission', async () => {
    const r = await call(NONE, 'GET');
    expect(r.status).toBe(403);
    expect((r.body.error as Record<string, unknown>).code).toBe('Authorization_RequestDenied');
  });
});

describe('PATCH /admin/sharepoint/settings', () => {
  it('answers 200 with the updated object and keeps what the body does not name', async () => {
    const r = await call(WRITER, 'PATCH', { sharingCapability: 'existingExternalUserSharingOnly', personalSiteDefaultStorageLimitInMB: 1048576, idleSessionSignOut: { signOutAfterInSeconds: 3600 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sharingCapability: 'existingExternalUserSharingOnly', personalSiteDefaultStorageLimitInMB: 1048576, isLoopEnabled: true });
    expect(r.body.idleSessionSignOut).toEqual({ isEnabled: true, warnAfterInSeconds: 120, signOutAfterInSeconds: 3600 });
    expect((await call(READER, 'GET')).body.sharingCapability).toBe('existingExternalUserSharingOnly');
  });

  it('is refused 403 to an app holding only SharePointTenantSettings.Read.All', async () => {
    const r = await call(READER, 'PATCH', { isLoopEnabled: false });
    expect(r.status).toBe(403);
    expect((r.body.error as Record<string, unknown>).message).toBe('Insufficient privileges to complete the operation.');
  });

  it.each([
    ['an undeclared property', { sharingLevel: 'none' }, /does not exist on type 'microsoft.graph.sharepointSettings'/],
    ['a property the update table does not list', { availableManagedPathsForSiteCreation: ['/x/'] }, /read-only/],
    ['a value outside the enumeration', { sharingCapability: 'anyone' }, /Requested value 'anyone' was not found/],
    ['the evolvable enumeration sentinel', { imageTaggingOption: 'unknownFutureValue' }, /was not found/],
    ['a string for an Int64', { personalSiteDefaultStorageLimitInMB: '1024' }, /Invalid value/],
    ['a GUID that is not one', { allowedDomainGuidsForSyncApp: ['ad31vb6b-5zd0-7tyg-m231-kj8d6578432c'] }, /Invalid value/],
    ['an undeclared property of idleSessionSignOut', { idleSessionSignOut: { enabled: true } }, /idleSessionSignOut/],
  ])('refuses %s with 400 and changes nothing', async (_what, body, message) => {
    const before = (await call(READER, 'GET')).body;
    const r = await call(WRITER, 'PATCH', body);
    expect(r.status).toBe(400);
    expect(String((r.body.error as Record<string, unknown>).message)).toMatch(message);
    expect((await call(READER, 'GET')).body).toEqual(before);
  });
});
