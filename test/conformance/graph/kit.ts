// Fixtures of the Graph conformance suite: one emulator per file on a seed built for the cases (names that tokenise
// in interesting ways, conflicting and dependent service plans), plain-HTTP calls and error readers.
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../support/world.js';
import type { SeedDocument } from '../../../src/emulator/seed.js';
import { CONTOSO, E3, EXCHANGE_STANDARD, EXO, EXO_STANDARD, TEAMS, WORKPLACE_ANALYTICS } from '../../support/seed.js';
import { graph, token, type Call, type Res } from '../../support/http.js';

/** Made up: the add-on's plan, and a SKU (with its plan) that only a group's licence assigns. */
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
      tenantId: CONTOSO, displayName: 'Conformance', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [
        { skuId: E3, skuPartNumber: 'SPE_E3', seats: 10, servicePlans: [
          { servicePlanId: EXO, servicePlanName: 'EXCHANGE_S_ENTERPRISE', exclusiveWith: [EXO_STANDARD] },
          { servicePlanId: TEAMS, servicePlanName: 'TEAMS1', requires: [EXO] },
        ] },
        { skuId: EXCHANGE_STANDARD, skuPartNumber: 'EXCHANGESTANDARD', seats: 10, servicePlans: [
          { servicePlanId: EXO_STANDARD, servicePlanName: 'EXCHANGE_S_STANDARD', exclusiveWith: [EXO] },
        ] },
        { skuId: WORKPLACE_ANALYTICS, skuPartNumber: 'WORKPLACE_ANALYTICS', seats: 10, servicePlans: [
          { servicePlanId: ADDON_PLAN, servicePlanName: 'WORKPLACE_ANALYTICS', requires: [EXO] },
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
