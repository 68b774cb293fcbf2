import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../src/emulator/server.js';
import { AUDIENCES } from '../../src/emulator/tokens.js';
import { ApiError, createClients } from '../../src/clients/index.js';
import { ScriptedServer, startTokenEmulator } from './kit.js';
import { CONTOSO, PARTNER } from '../support/seed.js';

let emulator: EmulatorServer;
let api: ScriptedServer;
const servers: ScriptedServer[] = [];

beforeAll(async () => {
  emulator = await startTokenEmulator();
});
afterAll(async () => {
  await emulator.close();
});

async function setup() {
  api = new ScriptedServer(emulator);
  await api.listen();
  servers.push(api);
  const lines: string[] = [];
  const clients = createClients({
    tenantId: CONTOSO,
    partnerTenantId: PARTNER,
    emulatorUrl: api.origin,
    debug: (l) => lines.push(l),
    transport: { policy: { maxAttempts: 3, maxTotalWaitMs: 5_000, baseDelayMs: 20, maxDelayMs: 100 } },
  });
  return { clients, lines };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    expect(s.unexpected).toEqual([]);
    await s.close();
  }
});

const RA = '/subscriptions/sub-1/providers/Microsoft.Authorization/roleAssignments';

describe('REST client: paging', () => {
  it('ARM: follows absolute nextLink across three pages with a customer-tenant ARM token', async () => {
    const { clients } = await setup();
    const q = 'api-version=2022-04-01&$filter=atScope()';
    api
      .expect('GET', `${RA}?${q}`, [{ body: { value: [{ name: 'a' }], nextLink: `${api.origin}${RA}?${q}&$skiptoken=2` } }], AUDIENCES.arm)
      .expect('GET', `${RA}?${q}&$skiptoken=2`, [{ body: { value: [{ name: 'b' }], nextLink: `${api.origin}${RA}?${q}&$skiptoken=3` } }], AUDIENCES.arm)
      .expect('GET', `${RA}?${q}&$skiptoken=3`, [{ body: { value: [{ name: 'c' }] } }], AUDIENCES.arm);
    const items = await clients.arm.list<{ name: string }>(`${RA}?${q}`);
    expect(items.map((i) => i.name)).toEqual(['a', 'b', 'c']);
    expect(api.requests.map((r) => r.claims?.tid)).toEqual([CONTOSO, CONTOSO, CONTOSO]);
    expect(clients.counter.count('arm')).toBe(3);
  });

  it('Partner Center: follows links.next with its continuation header, on a partner-tenant token', async () => {
    const { clients } = await setup();
    const next = (token: string) => ({
      next: { uri: '/v1/customers?size=1&seekOperation=Next', method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: token }] },
    });
    const page = (id: string, token?: string) => ({ body: { totalCount: 3, items: [{ id }], ...(token ? { links: next(token) } : { links: {} }) } });
    api
      .expect('GET', '/v1/customers?size=1', [page('c1', 'tok-2')], AUDIENCES.partnerCenter)
      .expect('GET', '/v1/customers?size=1&seekOperation=Next', [
        (r) => (r.headers['ms-continuationtoken'] === 'tok-2' ? page('c2', 'tok-3') : { status: 400, body: { code: 1, description: 'wrong token' } }),
        (r) => (r.headers['ms-continuationtoken'] === 'tok-3' ? page('c3') : { status: 400, body: { code: 1, description: 'wrong token' } }),
      ], AUDIENCES.partnerCenter);
    const customers = await clients.partnerCenter!.list<{ id: string }>('/v1/customers?size=1');
    expect(customers.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(api.requests.every((r) => r.claims?.tid === PARTNER)).toBe(true);
  });

  it('Exchange: a POST list resends the cmdlet to every @odata.nextLink', async () => {
    const { clients } = await setup();
    const path = `/adminapi/beta/${CONTOSO}/InvokeCommand`;
    const cmd = { CmdletInput: { CmdletName: 'Get-Mailbox', Parameters: { ResultSize: 'Unlimited' } } };
    api
      .expect('POST', path, [{ body: { value: [{ Identity: 'a' }], '@odata.nextLink': `${api.origin}${path}?$skiptoken=2`, '@adminapi.warnings': [] } }], AUDIENCES.exchange)
      .expect('POST', `${path}?$skiptoken=2`, [{ body: { value: [{ Identity: 'b' }], '@adminapi.warnings': [] } }], AUDIENCES.exchange);
    const boxes = await clients.exchangeRest.list<{ Identity: string }>(path, { method: 'POST', body: cmd });
    expect(boxes.map((b) => b.Identity)).toEqual(['a', 'b']);
    expect(api.requests.map((r) => JSON.parse(r.body))).toEqual([cmd, cmd]);
    expect(api.requests.every((r) => r.headers.prefer === 'odata.maxpagesize=1000')).toBe(true);
  });

  it('never sends the token to a nextLink on another origin', async () => {
    const { clients } = await setup();
    const other = new ScriptedServer(emulator);
    await other.listen();
    servers.push(other);
    api.expect('GET', `${RA}?api-version=2022-04-01`, [{ body: { value: [1], nextLink: `${other.origin}/elsewhere` } }], AUDIENCES.arm);
    other.expect('GET', '/elsewhere', [{ body: { value: [2] } }]);
    expect(await clients.arm.list(`${RA}?api-version=2022-04-01`)).toEqual([1, 2]);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('refuses a page that is not a collection instead of returning part of a list', async () => {
    const { clients } = await setup();
    api.expect('GET', '/v1/customers', [{ body: { items: [{ id: 'c1' }], links: { next: { uri: '/v1/customers?p=2' } } } }], AUDIENCES.partnerCenter)
      .expect('GET', '/v1/customers?p=2', [{ body: { error: 'half' } }], AUDIENCES.partnerCenter);
    await expect(clients.partnerCenter!.list('/v1/customers')).rejects.toMatchObject({ service: 'partnerCenter', code: 'UnexpectedResponse' });
  });
});

describe('REST client: errors and retries', () => {
  it('ARM: error.code/message and the request id', async () => {
    const { clients } = await setup();
    api.expect('PUT', `${RA}/ra-1?api-version=2022-04-01`, [{
      status: 409,
      headers: { 'x-ms-request-id': 'arm-req-7' },
      body: { error: { code: 'RoleAssignmentExists', message: 'The role assignment already exists.' } },
    }], AUDIENCES.arm);
    const err = (await clients.arm.put(`${RA}/ra-1?api-version=2022-04-01`, { properties: {} }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.service, err.status, err.code, err.detail, err.requestId]).toEqual([
      'arm', 409, 'RoleAssignmentExists', 'The role assignment already exists.', 'arm-req-7',
    ]);
    expect(api.requests).toHaveLength(1);
  });

  it('Exchange: the cmdlet text from error.details[0].message', async () => {
    const { clients } = await setup();
    const path = `/adminapi/beta/${CONTOSO}/InvokeCommand`;
    const text = "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x@contoso.com' couldn't be found.";
    api.expect('POST', path, [{ status: 400, body: { error: { code: 'BadRequest', message: 'Invalid Operation', details: [{ code: 'Error', message: text }] } } }], AUDIENCES.exchange);
    await expect(clients.exchangeRest.post(path, {})).rejects.toMatchObject({ service: 'exchange', status: 400, detail: text, message: `${text} (POST ${path})` });
  });

  it('Partner Center: code/description', async () => {
    const { clients } = await setup();
    api.expect('PATCH', '/v1/customers/c1/subscriptions/s1', [{
      status: 400, headers: { 'ms-correlationid': 'pc-corr' }, body: { code: 800002, description: 'Quantity is out of range.', errorName: 'InvalidQuantity' },
    }], AUDIENCES.partnerCenter);
    await expect(clients.partnerCenter!.patch('/v1/customers/c1/subscriptions/s1', { quantity: -1 })).rejects.toMatchObject({
      service: 'partnerCenter', status: 400, code: 'InvalidQuantity', detail: 'Quantity is out of range.', requestId: 'pc-corr',
    });
  });

  it('Partner Center: a 429 with Retry-After is waited out, then the call succeeds', async () => {
    const { clients } = await setup();
    api.expect('GET', '/v1/customers/c1', [
      { status: 429, headers: { 'Retry-After': '1' }, body: { code: 429, description: 'Rate limit is exceeded.' } },
      { body: { id: 'c1' } },
    ], AUDIENCES.partnerCenter);
    expect(await clients.partnerCenter!.get('/v1/customers/c1')).toEqual({ id: 'c1' });
    expect(api.requests[1]!.at - api.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('ARM: 503 and 504 until the attempts run out give the service message, not throttled', async () => {
    const { clients } = await setup();
    const down = (status: number) => ({ status, body: { error: { code: 'ServiceUnavailable', message: 'ARM is busy.' } } });
    api.expect('DELETE', `${RA}/ra-2?api-version=2022-04-01`, [down(503), down(504), down(503)], AUDIENCES.arm);
    await expect(clients.arm.delete(`${RA}/ra-2?api-version=2022-04-01`)).rejects.toMatchObject({
      service: 'arm', status: 503, detail: 'ARM is busy.', throttled: false,
    });
    expect(api.requests).toHaveLength(3);
  });
});
