// Shared fixtures of the emulator tests: a small seed, a started emulator, tokens and a fetch helper for Graph.
import { type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { appToken, TEST_APP, withWorldApps } from '../support/world.js';

export const TENANT = '6b1a3c6e-0000-4000-8000-000000000001';
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const EXO = 'efb87545-963c-4e0d-99df-69c6916d9eb0';
export const YAMMER = '7547a3fe-08ee-4ccb-b430-5077c5041653';
export const VISIO = 'c5928f49-12ba-48f7-ada3-0d743a3601d5';

export function smallSeed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [
        {
          skuId: E3, skuPartNumber: 'SPE_E3', seats: 3, servicePlans: [
            { servicePlanId: EXO, servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
            { servicePlanId: YAMMER, servicePlanName: 'YAMMER_ENTERPRISE' },
          ],
        },
        { skuId: VISIO, skuPartNumber: 'VISIOCLIENT', seats: 1, servicePlans: [{ servicePlanId: 'aaaaaaaa-0000-4000-8000-000000000001', servicePlanName: 'VISIO_CLIENT_SUBSCRIPTION' }] },
      ],
      users: [
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Controller', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', manager: 'alice@contoso.com' },
        { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'SE' },
      ],
      groups: [{ displayName: 'Licensed', mailNickname: 'licensed', members: ['carol@contoso.com'], licenses: [{ sku: 'SPE_E3' }] }],
    }],
  };
}

/**
 * These tests check each endpoint's own answers, written then read back at once: eventual consistency (on by default)
 * is off unless a test asks for it, and has tests of its own (here, in clock.test.ts and test/clients/read-after-write).
 */
export async function start(o: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: withWorldApps(smallSeed()), replicationDelayMs: 0, ...o });
}

/** A token of a test app (by label or id; app-1 by default), from the test world. */
export function token(url: string, tenant = TENANT, scope = 'https://graph.microsoft.com/.default', clientId = TEST_APP): Promise<string> {
  return appToken(url, tenant, clientId, scope);
}

export interface Res { status: number; headers: Headers; body: Record<string, unknown> }

/** A Graph call over plain HTTP; `path` is relative to /v1.0 or an absolute URL (nextLink). */
export function graph(url: string, bearer: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
    const res = await fetch(path.startsWith('http') ? path : `${url}/v1.0${path}`, {
      method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}

export type Call = ReturnType<typeof graph>;

export function errorOf(r: Res): { code: string; message: string; innerError: Record<string, string> } {
  return (r.body as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
}
