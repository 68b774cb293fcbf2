// Fixtures of the Graph conformance suite: one emulator per file on a seed built for the cases (names that tokenise
// in interesting ways, conflicting and dependent service plans), plain-HTTP calls and error readers.
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../support/world.js';
import type { SeedDocument } from '../../../src/emulator/seed.js';
import { errorOf, graph, token, type Call, type Res } from '../../emulator/kit.js';

export { errorOf, type Call, type Res };

export const TENANT = '6b1a3c6e-0000-4000-8000-0000000000c1';
export const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const EXO_P1 = '4b9405b0-7788-4568-add1-99614e613b69';
export const EXO_P2_PLAN = 'efb87545-963c-4e0d-99df-69c6916d9eb0';
export const TEAMS_PLAN = '57ff2da0-773e-42df-b2af-ffb7a2317929';
export const EXO_STD_PLAN = '9aaf7827-d63c-4b61-89c3-182f06f82e5c';
export const ADDON = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
export const ADDON_PLAN = 'ffffffff-0000-4000-8000-00000000a001';
export const GROUP_ONLY = 'ffffffff-0000-4000-8000-00000000b000';
export const GROUP_ONLY_PLAN = 'ffffffff-0000-4000-8000-00000000b001';

/**
 * E3 carries Exchange Online (Plan 2) and Teams, which needs Exchange; EXCHANGESTANDARD carries Exchange (Plan 1),
 * which cannot stand beside Plan 2 in this seed; the add-on needs Plan 2; GROUPSKU has one seat.
 */
export function conformanceSeed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Conformance', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [
        { skuId: E3, skuPartNumber: 'SPE_E3', seats: 10, servicePlans: [
          { servicePlanId: EXO_P2_PLAN, servicePlanName: 'EXCHANGE_S_ENTERPRISE', exclusiveWith: [EXO_STD_PLAN] },
          { servicePlanId: TEAMS_PLAN, servicePlanName: 'TEAMS1', requires: [EXO_P2_PLAN] },
        ] },
        { skuId: EXO_P1, skuPartNumber: 'EXCHANGESTANDARD', seats: 10, servicePlans: [
          { servicePlanId: EXO_STD_PLAN, servicePlanName: 'EXCHANGE_S_STANDARD', exclusiveWith: [EXO_P2_PLAN] },
        ] },
        { skuId: ADDON, skuPartNumber: 'WORKPLACE_ANALYTICS', seats: 10, servicePlans: [
          { servicePlanId: ADDON_PLAN, servicePlanName: 'WORKPLACE_ANALYTICS', requires: [EXO_P2_PLAN] },
        ] },
        { skuId: GROUP_ONLY, skuPartNumber: 'GROUPSKU', seats: 1, servicePlans: [{ servicePlanId: GROUP_ONLY_PLAN, servicePlanName: 'GROUP_PLAN' }] },
      ],
      users: [
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', mail: 'alice@contoso.com', usageLocation: 'SE' },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', mail: 'bob@contoso.com', usageLocation: 'SE' },
        { userPrincipalName: 'li@contoso.com', displayName: '李四(David Li)', usageLocation: 'SE' },
        { userPrincipalName: 'hw@contoso.com', displayName: 'hello.world-HelloWorld 123abc', usageLocation: 'GB' },
        { userPrincipalName: 'conf.adams@contoso.com', displayName: 'Conf Room Adams', mail: 'adams@contoso.com' },
        { userPrincipalName: 'dave@contoso.com', displayName: 'Dave Guthrie', mail: 'dguthrie@contoso.com', usageLocation: 'US' },
      ],
      groups: [
        { displayName: 'OneVideo Team', mailNickname: 'onevideo', description: 'One video crew', type: 'microsoft365' },
        { displayName: 'Finance', mailNickname: 'finance', description: 'Money people' },
      ],
    }],
  };
}

export interface Conformance { emu: RunningEmulator; call: Call; text(path: string, headers?: Record<string, string>): Promise<{ status: number; type: string; body: string }> }

export async function startConformance(seed: SeedDocument = conformanceSeed()): Promise<Conformance> {
  const emu = await startEmulator({ seed, throttling: false });
  const bearer = await token(emu.url, seed.tenants[0]!.tenantId);
  const call = graph(emu.url, bearer);
  const text = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${emu.url}/v1.0${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  return { emu, call, text };
}

export const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** A query string from raw OData options, each value URL-encoded as a client sends it. */
export function q(options: Record<string, string>): string {
  return `?${Object.entries(options).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

export function values(r: Res): Record<string, unknown>[] {
  return (r.body.value ?? []) as Record<string, unknown>[];
}

export const upns = (r: Res): string[] => values(r).map((u) => String(u.userPrincipalName)).sort();
