import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { EmulatorServer } from '../../src/emulator/server.js';
import { AUDIENCES } from '../../src/emulator/tokens.js';
import { ApiError, createClients, type ClientOptions } from '../../src/clients/index.js';
import { SECRET_APP, SECRET_APP_VALUE, ScriptedServer, graphError, startTokenEmulator } from './kit.js';
import { CONTOSO } from '../support/seed.js';

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
    tenantId: CONTOSO,
    emulatorUrl: api.origin,
    debug: (l) => lines.push(l),
    // Single writes stay single requests here, so the tests see each retry; coalescing has tests of its own.
    transport: { coalesceWrites: false, policy: { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 20, maxDelayMs: 200 } },
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
    expect(api.requests.every((r) => r.claims?.tid === CONTOSO)).toBe(true);
    expect(clients.counter.count('graph')).toBe(3);
  });

  it('keeps escaped filters and ids intact and repeats ConsistencyLevel on every page', async () => {
    const { clients } = await setup();
    const filter = encodeURIComponent("userPrincipalName eq 'o''brien@contoso.com' or displayName eq 'R&D / #1'");
    // The SDK percent-encodes the quotes that encodeURIComponent leaves alone; the value the service decodes is the same.
    const first = `/v1.0/users?$filter=${filter.replace(/'/g, '%27')}&$count=true`;
    api
      .expect('GET', first, [{ body: { value: [{ id: 'a' }], '@odata.nextLink': `${api.origin}${first}&$skiptoken=2` } }], G)
      .expect('GET', `${first}&$skiptoken=2`, [{ body: { value: [{ id: 'b' }] } }], G)
      .expect('GET', `/v1.0/groups/${encodeURIComponent('a/b#c')}`, [{ body: { id: 'g' } }], G);
    const users = await clients.graph.list(`/users?$filter=${filter}&$count=true`, { headers: { ConsistencyLevel: 'eventual' } });
    expect(users).toHaveLength(2);
    expect(api.requests.map((r) => r.headers.consistencylevel)).toEqual(['eventual', 'eventual']);
    expect(await clients.graph.get(`/groups/${encodeURIComponent('a/b#c')}`)).toEqual({ id: 'g' });
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const { clients } = await setup();
    api.expect('GET', '/v1.0/organization', [
      { ...graphError(429, 'TooManyRequests', 'Too many requests.'), headers: { 'Retry-After': '1' } },
      { body: { value: [{ id: CONTOSO }] } },
    ], G);
    const org = await clients.graph.get<{ value: { id: string }[] }>('/organization');
    expect(org.value[0]!.id).toBe(CONTOSO);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1]!.at - api.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(clients.counter.count('graph')).toBe(2);
  });

  it('backs off on 503 twice and then succeeds', async () => {
    const { clients } = await setup();
    const unavailable = graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
    api.expect('PATCH', '/v1.0/users/u1', [unavailable, unavailable, { status: 204 }], G);
    await clients.graph.patch('/users/u1', { jobTitle: 'Controller' });
    expect(api.requests).toHaveLength(3);
    expect(api.requests.map((r) => JSON.parse(r.body))).toEqual(Array(3).fill({ jobTitle: 'Controller' }));
  });

  it('gives up after the bounded attempts with the service message, throttled', async () => {
    const { clients } = await setup();
    const throttled = { ...graphError(429, 'TooManyRequests', 'Application is over its resource unit budget.'), headers: { 'Retry-After': '0' } };
    api.expect('GET', '/v1.0/subscribedSkus', Array(4).fill(throttled), G);
    const err = await clients.graph.get('/subscribedSkus').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.service, e.status, e.code, e.detail, e.throttled]).toEqual([
      'graph', 429, 'TooManyRequests', 'Application is over its resource unit budget.', true,
    ]);
    expect(e.requestId).toBe('req-1');
    expect(api.requests).toHaveLength(4);
  });

  it('retries a reset connection and a silent server, then gives up with ConnectionFailed', async () => {
    const { clients } = await setup({
      transport: { timeoutMs: 300, policy: { maxAttempts: 3, maxTotalWaitMs: 5_000, baseDelayMs: 20, maxDelayMs: 100 } },
    });
    api.expect('GET', '/v1.0/users/u1', [{ reset: true }, { delayMs: 1_000, body: {} }, { body: { id: 'u1' } }], G);
    expect(await clients.graph.get('/users/u1')).toEqual({ id: 'u1' });
    api.expect('GET', '/v1.0/users/u2', Array(3).fill({ reset: true }), G);
    await expect(clients.graph.get('/users/u2')).rejects.toMatchObject({
      service: 'graph', status: 0, code: 'ConnectionFailed', message: expect.stringContaining('after 3 attempt(s)'),
    });
    expect(api.requests).toHaveLength(6);
  });

  it('does not retry a 404 and reports the Graph error', async () => {
    const { clients } = await setup();
    api.expect('GET', '/v1.0/users/nobody', [graphError(404, 'Request_ResourceNotFound', "Resource 'nobody' does not exist.")], G);
    await expect(clients.graph.get('/users/nobody')).rejects.toMatchObject({
      status: 404, code: 'Request_ResourceNotFound', message: "Resource 'nobody' does not exist. (GET /users/nobody)", throttled: false,
    });
    expect(api.requests).toHaveLength(1);
  });

  it('logs method, path, status and duration, never the token or a secret', async () => {
    const secret = SECRET_APP_VALUE;
    const { clients, lines } = await setup({ credentials: { clientId: SECRET_APP, secret } });
    api.expect('POST', '/v1.0/users', [{ status: 201, body: { id: 'u9' } }], G);
    await clients.graph.post('/users', { userPrincipalName: 'a@contoso.com', passwordProfile: { password: 'Pa55-Hidden!' } });
    const token = api.requests[0]!.headers.authorization!.replace(/^Bearer /, '');
    const log = lines.join('\n');
    expect(lines.some((l) => /^\[graph\] POST http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users 201 \d+ms/.test(l))).toBe(true);
    expect(lines.some((l) => /^\[login\] POST .*\/oauth2\/v2\.0\/token 200 \d+ms/.test(l))).toBe(true);
    for (const hidden of [secret, token, token.split('.')[2]!, 'Pa55-Hidden!', 'Bearer', 'client_secret']) {
      expect(log).not.toContain(hidden);
    }
  });
});

describe('Graph $batch over HTTP', () => {
  type Wire = { requests: { id: string; method: string; url: string; dependsOn?: string[] }[] };
  const ok = (w: Wire) => ({ body: { responses: w.requests.map((r) => ({ id: r.id, status: 200, body: { id: r.id } })) } });

  it('sends 45 requests as three calls and retries only the inner 429s', async () => {
    const { clients } = await setup({ transport: { policy: { maxAttempts: 4, maxTotalWaitMs: 5_000, baseDelayMs: 20, maxDelayMs: 200 }, sleep: async () => {} } });
    const bodies: Wire[] = [];
    const throttledOnce = new Set<string>();
    const answer = (req: { body: string }) => {
      const w = JSON.parse(req.body) as Wire;
      bodies.push(w);
      return {
        body: {
          responses: w.requests.map((r) =>
            ['r7', 'r33'].includes(r.id) && !throttledOnce.has(r.id) && throttledOnce.add(r.id)
              ? { id: r.id, status: 429, headers: { 'Retry-After': '0' }, body: graphError(429, 'TooManyRequests', 'x').body }
              : { id: r.id, status: 200, body: { id: r.id } },
          ),
        },
      };
    };
    api.expect("POST", "/v1.0/$batch", Array(5).fill(answer), G);
    const requests = Array.from({ length: 45 }, (_, i) => ({ id: `r${i}`, method: 'GET' as const, url: `/users/u${i}` }));
    const out = await clients.graph.batch<{ id: string }>(requests);
    expect(out.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(out.every((r) => r.status === 200 && r.body?.id === r.id)).toBe(true);
    const sizes = bodies.map((b) => b.requests.length).sort((a, b) => b - a);
    expect(sizes).toEqual([20, 20, 5, 1, 1]);
    expect(bodies.filter((b) => b.requests.length === 1).map((b) => b.requests[0]!.id).sort()).toEqual(['r33', 'r7']);
    expect(api.requests).toHaveLength(5);
  });

  it('keeps a dependsOn chain in one call, in order, and resends a 424 dependant with its retried parent', async () => {
    const { clients } = await setup({ transport: { sleep: async () => {} } });
    const seen: Wire[] = [];
    api.expect('POST', '/v1.0/$batch', [
      (req) => {
        const w = JSON.parse(req.body) as Wire;
        seen.push(w);
        return { body: { responses: w.requests.map((r) =>
          r.id === 'create' ? { id: r.id, status: 503, headers: { 'Retry-After': '0' } }
            : r.id === 'member' ? { id: r.id, status: 424 } : { id: r.id, status: 200, body: { id: r.id } }) } };
      },
      (req) => {
        const w = JSON.parse(req.body) as Wire;
        seen.push(w);
        return ok(w);
      },
    ], G);
    const requests = [
      ...Array.from({ length: 19 }, (_, i) => ({ id: `x${i}`, method: 'GET' as const, url: `/groups/g${i}` })),
      { id: 'create', method: 'POST' as const, url: '/groups', body: { displayName: 'Finance' } },
      { id: 'member', method: 'POST' as const, url: '/groups/g1/members/$ref', body: {}, dependsOn: ['create'] },
    ];
    const out = await clients.graph.batch(requests);
    expect(out.map((r) => r.status)).toEqual(Array(21).fill(200));
    const first = seen.filter((w) => w.requests.some((r) => r.id === 'create'))[0]!;
    const ids = first.requests.map((r) => r.id);
    expect(ids.indexOf('member')).toBeGreaterThan(ids.indexOf('create'));
    expect(first.requests.find((r) => r.id === 'member')!.dependsOn).toEqual(['create']);
    const retried = seen.at(-1)!;
    expect(retried.requests.map((r) => [r.id, r.dependsOn])).toEqual([['create', undefined], ['member', ['create']]]);
  });
});
