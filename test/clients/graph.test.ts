import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../src/emulator/server.js';
import { AUDIENCES } from '../../src/emulator/tokens.js';
import { ApiError, createClients, type ClientOptions } from '../../src/clients/index.js';
import { CUSTOMER, ScriptedServer, graphError, startTokenEmulator } from './kit.js';

const G = AUDIENCES.graph;
let emulator: EmulatorServer;
let api: ScriptedServer;

beforeAll(async () => {
  emulator = await startTokenEmulator();
});
afterAll(async () => {
  await emulator.close();
});

async function setup(extra: Partial<ClientOptions> = {}) {
  api = new ScriptedServer(emulator);
  await api.listen();
  const lines: string[] = [];
  const clients = createClients({
    tenantId: CUSTOMER,
    emulatorUrl: api.origin,
    debug: (l) => lines.push(l),
    transport: { policy: { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 20, maxDelayMs: 200 } },
    ...extra,
  });
  return { clients, lines };
}

afterEach(async () => {
  expect(api.unexpected).toEqual([]);
  await api.close();
});

describe('Graph client over HTTP', () => {
  it('follows @odata.nextLink across three pages with one token for all of them', async () => {
    const { clients } = await setup();
    const link = (n: number) => `${api.origin}/v1.0/users?$top=2&$skiptoken=p${n}`;
    api
      .expect('GET', '/v1.0/users?$top=2', [{ body: { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': link(2) } }], G)
      .expect('GET', '/v1.0/users?$top=2&$skiptoken=p2', [{ body: { value: [{ id: '3' }], '@odata.nextLink': link(3) } }], G)
      .expect('GET', '/v1.0/users?$top=2&$skiptoken=p3', [{ body: { value: [{ id: '4' }] } }], G);
    const users = await clients.graph.list<{ id: string }>('/users?$top=2');
    expect(users.map((u) => u.id)).toEqual(['1', '2', '3', '4']);
    expect(api.requests).toHaveLength(3);
    expect(api.requests.every((r) => r.claims?.tid === CUSTOMER)).toBe(true);
    expect(clients.counter.count('graph')).toBe(3);
  });
});
