// Strict tokens and permissions: a token carries exactly the roles granted to the app in the tenant, for the
// resource asked for, and every service refuses a caller without the grant its route needs. The seeds here register
// their apps by hand (src/emulator directly, not the test world), so that nothing else is granted.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { withApp, type SeededApp } from '../../src/emulator/seed-apps.js';
import { CONTOSO, smallSeed } from '../support/seed.js';

const APP = 'c0ffee00-0000-4000-8000-000000000001';
const SECRET = 'right-secret';
const SUB = 'c0ffee00-0000-4000-8000-00000000a001';
const PARTNER = 'c0ffee00-0000-4000-8000-0000000000ff';

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const app = (o: Partial<SeededApp> = {}): SeededApp => ({ clientId: APP, clientSecret: SECRET, displayName: 'x', roles: [], ...o });

async function bearer(tenant: string, scope: string): Promise<string> {
  const res = await fetch(`${emu!.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: APP.toUpperCase(), client_secret: SECRET, scope }),
  });
  const body = (await res.json()) as { access_token?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.access_token!;
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { roles?: string[]; oid: string; appid: string };

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu!.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

function withSubscription(doc: SeedDocument): SeedDocument {
  doc.tenants[0]!.subscriptions = [{ subscriptionId: SUB, displayName: 'Contoso CSP', resourceGroups: ['rg-web'] }];
  return doc;
}

describe('strict tokens', () => {
  // https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference (`roles`: the app roles granted,
  // only those of the token's resource); the client id is matched without regard to case, as Entra does for GUIDs.
  it('carries exactly the roles granted, per resource, and the service principal as oid', async () => {
    emu = await startEmulator({ seed: withApp(smallSeed(), app({ roles: ['User.Read.All', 'Exchange.ManageAsApp'] })) });
    const graph = claims(await bearer(CONTOSO, 'https://graph.microsoft.com/.default'));
    expect(graph.roles).toEqual(['User.Read.All']);
    expect(claims(await bearer(CONTOSO, 'https://outlook.office365.com/.default')).roles).toEqual(['Exchange.ManageAsApp']);
    expect(claims(await bearer(CONTOSO, 'https://management.azure.com/.default')).roles).toBeUndefined();
    expect(graph.oid).toBe(emu.state.tenants.get(CONTOSO)!.ext.servicePrincipals && (emu.state.tenants.get(CONTOSO)!.ext.servicePrincipals as { appId: string; id: string }[]).find((s) => s.appId === APP)?.id);
  });

  // Graph's 403 for a missing permission: https://learn.microsoft.com/graph/errors (Authorization_RequestDenied,
  // "Insufficient privileges to complete the operation."); POST /users needs User.ReadWrite.All (user-post-users.md).
  it('refuses a Graph write to an app with read grants only, and creates nothing', async () => {
    emu = await startEmulator({ seed: withApp(smallSeed(), app({ roles: ['User.Read.All'] })) });
    const t = await bearer(CONTOSO, 'https://graph.microsoft.com/.default');
    expect((await call(t, 'GET', '/v1.0/users')).status).toBe(200);
    const r = await call(t, 'POST', '/v1.0/users', { accountEnabled: true, displayName: 'Eve', mailNickname: 'eve', userPrincipalName: 'eve@contoso.com', passwordProfile: { password: 'Xx-123456789' } });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect(emu.state.tenants.get(CONTOSO)!.upnIndex.has('eve@contoso.com')).toBe(false);
  });

  // ARM: Azure RBAC decides, not app roles. Without a role assignment: 403 AuthorizationFailed with the message of
  // https://learn.microsoft.com/azure/role-based-access-control/troubleshooting (as ARM returns it, e.g. Azure/ARO-RP#66).
  // With Reader: reads pass, a role assignment write is refused; the subscription list shows only readable ones.
  it('refuses ARM without a role assignment, and writes with Reader only', async () => {
    emu = await startEmulator({ seed: withApp(withSubscription(smallSeed()), app()) });
    let t = await bearer(CONTOSO, 'https://management.azure.com/.default');
    const path = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`;
    const oid = claims(t).oid;
    const denied = await call(t, 'GET', path);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({
      code: 'AuthorizationFailed',
      message: `The client '${oid}' with object id '${oid}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '/subscriptions/${SUB}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    expect(((await call(t, 'GET', '/subscriptions?api-version=2022-12-01')).body.value as unknown[])).toEqual([]);
    await emu.close();
    emu = await startEmulator({ seed: withApp(withSubscription(smallSeed()), app({ azureRoles: ['Reader'] })) });
    t = await bearer(CONTOSO, 'https://management.azure.com/.default');
    expect((await call(t, 'GET', path)).status).toBe(200);
    expect(((await call(t, 'GET', '/subscriptions?api-version=2022-12-01')).body.value as unknown[])).toHaveLength(1);
    const put = await call(t, 'PUT', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/0c0ffee0-0000-4000-8000-000000000001?api-version=2022-04-01`, {
      properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, principalId: oid },
    });
    expect(put.status).toBe(403);
    expect(put.body.error?.message).toContain("to perform action 'Microsoft.Authorization/roleAssignments/write'");
  });

  // Partner Center: only the partner's app granted the Partner Center API permission is served
  // (https://learn.microsoft.com/partner-center/developer/partner-center-authentication; 403 per
  // https://learn.microsoft.com/partner-center/developer/error-codes).
  it('refuses Partner Center to the partner app without the Partner Center grant', async () => {
    const doc = (): SeedDocument => ({
      ...smallSeed(),
      partner: { tenantId: PARTNER, displayName: 'Partner', domains: ['partner.onmicrosoft.com'], skus: [], customers: [{ tenantId: CONTOSO, companyName: 'Contoso' }] } as SeedDocument['partner'],
    });
    emu = await startEmulator({ seed: withApp(doc(), app({ partnerRoles: ['GroupMember.Read.All'] })) });
    const t = await bearer(PARTNER, 'https://api.partnercenter.microsoft.com/.default');
    const r = await call(t, 'GET', '/v1/customers');
    expect(r.status).toBe(403);
    expect(r.body.description).toBe(`The application '${APP}' is not granted access to the Partner Center API.`);
    expect(claims(t).appid).toBe(APP);
    await emu.close();
    emu = await startEmulator({ seed: withApp(doc(), app({ partnerRoles: ['user_impersonation'] })) });
    expect((await call(await bearer(PARTNER, 'https://api.partnercenter.microsoft.com/.default'), 'GET', '/v1/customers')).status).toBe(200);
  });
});
