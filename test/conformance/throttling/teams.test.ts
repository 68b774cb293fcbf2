// Graph's Microsoft Teams service limits (microsoft-graph-docs-contrib, concepts/throttling-limits.md, "Microsoft
// Teams service limits"): "A maximum of 4 requests per second per app can be issued on a given team or channel";
// PUT /groups/{team-id}/team 6 rps per app per tenant; GET team, channel 60 rps; each refusal a 429 with Retry-After.
// Time stands still (a manual clock) until a case moves it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type RunningEmulator } from '../../../src/emulator/index.js';
import type { SeedDocument } from '../../../src/emulator/seed.js';
import { appToken, startEmulator } from '../../support/world.js';

const TENANT = '7c000000-0000-4000-8000-0000000007ea';
const groupId = (i: number): string => `7c000000-0000-4000-8000-0000000010${String(i).padStart(2, '0')}`;

function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Teamsland', domains: ['teamsland.onmicrosoft.com'], skus: [],
      users: [{ userPrincipalName: 'owner@teamsland.onmicrosoft.com', displayName: 'Owner' }],
      groups: Array.from({ length: 10 }, (_, i) => ({
        id: groupId(i), displayName: `Team ${i}`, mailNickname: `team-${i}`, type: 'microsoft365' as const, owners: ['owner@teamsland.onmicrosoft.com'],
        ...(i < 2 ? { team: {} } : {}),
      })),
    }],
  };
}

let emu: RunningEmulator;
let clock: ManualClock;
let token: string;
beforeEach(async () => {
  clock = new ManualClock(Date.parse('2026-12-01T10:00:00Z'));
  emu = await startEmulator({ seed: seed(), clock, throttling: true });
  token = await appToken(emu.url, TENANT);
});
afterEach(async () => emu.close());

const call = async (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${emu.url}/v1.0${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

describe('Microsoft Teams service limits', () => {
  it('admits 4 requests a second on one team, refuses the 5th with 429 and Retry-After, and admits again a second later', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call('GET', `/teams/${groupId(0)}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await call('GET', `/teams/${groupId(0)}/channels`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another team is another target.
    expect((await call('GET', `/teams/${groupId(1)}`)).status).toBe(200);
    clock.advance(1000);
    expect((await call('GET', `/teams/${groupId(0)}`)).status).toBe(200);
  });

  it('admits 6 team creations a second per app and tenant, whatever the group', async () => {
    const statuses: number[] = [];
    for (let i = 2; i < 9; i++) statuses.push((await call('PUT', `/groups/${groupId(i)}/team`, {})).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    clock.advance(1000);
    expect((await call('PUT', `/groups/${groupId(8)}/team`, {})).status).toBe(201);
  });
});
