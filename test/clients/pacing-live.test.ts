// The clients' pacing against the emulator's Graph limits (concepts/throttling-limits.md): reads of identity
// reports (5 per 10 s per app+tenant) wait for their own budget instead of collecting 429s, and do not stall the
// tenant's other Graph reads. The pacer paces below the limit, so the verdict holds at any machine speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { createPacer } from '../../src/clients/pacing.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000a1';

describe('pacing of Graph reports', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: { tenants: [{
      tenantId: TENANT, displayName: 'Paced', domains: ['paced.onmicrosoft.com'], skus: [],
      groups: [{ displayName: 'Staff', mailNickname: 'staff' }],
    }] } });
  });
  afterAll(async () => emu.close());

  it('reads directoryAudits six times in a row without a 429', async () => {
    const lines: string[] = [];
    const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, debug: (l) => lines.push(l) });
    for (let i = 0; i < 6; i++) await clients.graph.get('/auditLogs/directoryAudits?$top=5');
    await clients.graph.get('/organization');
    const graphLines = lines.filter((l) => l.startsWith('[graph]'));
    expect(graphLines).toHaveLength(7);
    expect(graphLines.filter((l) => / 429 /.test(l))).toEqual([]);
  }, 20_000);

  // GET groups/{id}/members costs 3 units; a $batch reserves one per inner request, so the pacer must learn the
  // rest from the inner answers' x-ms-resource-unit, or it would think 40 of 60 units were still there.
  it('charges a $batch to the tenant budget at what its inner requests cost', async () => {
    const pacer = createPacer({ now: () => 0 });
    const clients = createClients({ tenantId: TENANT, emulatorUrl: emu.url, transport: { pacer } });
    const group = (await clients.graph.list<{ id: string }>('/groups?$select=id'))[0]?.id;
    const before = pacer.available(`${TENANT}/graph`);
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: 'GET' as const, url: `/groups/${group}/members` }));
    await clients.graph.batch(requests);
    expect(before - pacer.available(`${TENANT}/graph`)).toBe(60);
  });
});
