// Graph throttling conformance. Source of every figure, header and cost: Microsoft's "Microsoft Graph
// service-specific throttling limits" (microsoftgraph/microsoft-graph-docs-contrib, concepts/throttling-limits.md;
// cited below as TL, with its section), and concepts/json-batching.md (JB) for `$batch`. The emulator runs on a
// clock the test moves, so no verdict depends on machine speed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphMeter } from '../../../src/emulator/graph/throttling.js';
import type { Ctx } from '../../../src/emulator/router.js';
import { LARGE, MEDIUM, SMALL, SMALL_2, batch, drain, harness, statuses, token, userId, type Harness } from './kit.js';
import { appId } from '../../support/world.js';
import { request as call } from '../../support/http.js';

let h: Harness;
let url: string;
beforeEach(async () => {
  h = await harness();
  url = h.emu.url;
});
afterEach(async () => h.emu.close());

const get = (path: string) => () => ({ method: 'GET', url: path });
/** Moves the clock 1 s every 50 calls (1,000 requests), so the 2,000-per-second global limit never decides. */
const perSecond = (n: number): void => {
  if (n > 0 && n % 50 === 0) h.advance(1000);
};
const SCOPE = /^(Tenant_Application|Tenant|Application)\/(Read|Write|ReadWrite)\/[^/]+\/[0-9a-f-]{36}$/;

describe('identity and access: resource units per app+tenant', () => {
  // TL "Identity and access service limits": S (under 50 users) 3,500 RU per 10 s; GET users costs 2.
  it('admits 1,750 GET /users in a small tenant, then throttles the next', async () => {
    const t = await token(url, SMALL, 'app-1');
    const { admitted, refused } = await drain(url, t, get('/users'));
    expect(admitted).toBe(1750);
    expect(refused.headers['Retry-After']).toBe('1');
  });

  // TL: M (50–500 users) 5,000 RU per 10 s; GET groups/{id}/members costs 3, `$expand` adds 1 → 4. Finding the
  // group took 1 unit: floor(4,999 / 4).
  it('sizes a medium tenant at 5,000 units', async () => {
    const t = await token(url, MEDIUM, 'app-1');
    const group = ((await call(url, t, 'GET', '/v1.0/groups?$select=id')).body.value as { id: string }[])[0]?.id;
    const { admitted } = await drain(url, t, get(`/groups/${group}/members?$expand=manager`));
    expect(admitted).toBe(1249);
  });

  // TL: L (over 500 users) 8,000 RU per 10 s; GET groups/{id}/transitiveMembers costs 5; finding the group took 1
  // unit: floor(7,999 / 5).
  it('sizes a large tenant at 8,000 units', async () => {
    const t = await token(url, LARGE, 'app-1');
    const group = ((await call(url, t, 'GET', '/v1.0/groups?$select=id')).body.value as { id: string }[])[0]?.id;
    const { admitted } = await drain(url, t, get(`/groups/${group}/transitiveMembers`));
    expect(admitted).toBe(1599);
  });

  // TL "Pattern": a token bucket — units come back continuously, so after Retry-After the caller is admitted again.
  it('refills the bucket continuously: 1 s later a tenth of the budget is back', async () => {
    const t = await token(url, SMALL, 'app-1');
    await drain(url, t, get('/users'));
    h.advance(1000);
    const { admitted } = await drain(url, t, get('/users'));
    expect(admitted).toBe(175);
  });

  // TL table "Limit type": the bucket is per application+tenant pair: another app, or the same app in another
  // tenant, is not throttled by it.
  it('keeps buckets apart per application and per tenant', async () => {
    await drain(url, await token(url, SMALL, 'app-1'), get('/users'));
    expect((await call(url, await token(url, SMALL, 'app-2'), 'GET', '/v1.0/users')).status).toBe(200);
    expect((await call(url, await token(url, SMALL_2, 'app-1'), 'GET', '/v1.0/users')).status).toBe(200);
  });
});

describe('identity and access: request costs (x-ms-resource-unit)', () => {
  // TL base cost table (GET users 2, subscribedSkus 3, groups/{id}/members 3, me/licenseDetails 2 — which also
  // applies to users/{id}/, any other GET 1, writes 1) and "Other factors": $select −1, $expand +1, $top < 20 −1,
  // never below 1.
  const cases: [string, string, number][] = [
    ['GET', '/users', 2],
    ['GET', '/users?$select=id', 1],
    ['GET', '/users?$top=10', 1],
    ['GET', '/users?$top=20', 2],
    ['GET', '/users?$select=id&$top=5', 1],
    ['GET', '/users/{user}', 1],
    ['GET', '/users/{user}?$expand=manager', 2],
    ['GET', '/users/{user}/licenseDetails', 2],
    ['GET', '/subscribedSkus', 3],
    ['GET', '/subscribedSkus?$select=skuId', 2],
    ['GET', '/groups/{group}/members', 3],
    ['GET', '/groups/{group}/members?$select=id&$top=5', 1],
    ['GET', '/organization', 1],
    ['PATCH', '/users/{user}', 1],
  ];
  it.each(cases)('%s %s costs %i', async (method, path, units) => {
    const t = await token(url, SMALL, 'app-1');
    const group = ((await call(url, t, 'GET', '/v1.0/groups?$select=id')).body.value as { id: string }[])[0]?.id ?? '';
    const p = path.replace('{user}', await userId(url, t)).replace('{group}', group);
    const r = await call(url, t, method, `/v1.0${p}`, method === 'PATCH' ? { jobTitle: 'Clerk' } : undefined);
    expect(r.status).toBeLessThan(300);
    expect(r.headers.get('x-ms-resource-unit')).toBe(String(units));
  });
});

describe('identity and access: write quotas', () => {
  // TL table: writes 3,000 per 2 min 30 s per app+tenant (20 per second come back); a write costs 1 RU and
  // 1 write. Reads go on. The clock moves 1 s after every 1,000 writes, three times, so 3,000 + 3 × 20 are admitted.
  it('throttles writes of an app in a tenant past 3,000 per 150 s, with the write scope, while reads still pass', async () => {
    const t = await token(url, SMALL, 'app-1');
    const id = await userId(url, t);
    const { admitted, refused } = await drain(url, t, () => ({ method: 'PATCH', url: `/users/${id}`, body: { jobTitle: 'Clerk' } }), perSecond);
    expect(admitted).toBe(3060);
    expect(refused.headers['x-ms-throttle-scope']).toBe(`Tenant_Application/Write/${appId('app-1')}/${SMALL}`);
    expect(refused.headers['x-ms-throttle-information']).toBe('WriteLimitExceeded');
    expect(refused.headers['Retry-After']).toBe('1');
    expect((await call(url, t, 'GET', '/v1.0/users')).status).toBe(200);
    expect((await call(url, await token(url, SMALL, 'app-2'), 'PATCH', `/v1.0/users/${id}`, { jobTitle: 'Clerk' })).status).toBe(204);
  });

  // TL table: tenant 18,000 writes per 5 min for all apps (60 per second come back). Six apps write 3,060 each
  // over 18 s; the seventh finds 18,000 + 18 × 60 − 6 × 3,060 = 720 left, then the tenant scope refuses it.
  it('throttles writes per tenant across applications', async () => {
    const id = await userId(url, await token(url, SMALL, 'app-1'));
    const patch = () => ({ method: 'PATCH', url: `/users/${id}`, body: { jobTitle: 'Clerk' } });
    for (let app = 1; app <= 6; app++) expect((await drain(url, await token(url, SMALL, `app-${app}`), patch, perSecond)).admitted).toBe(3060);
    const { admitted, refused } = await drain(url, await token(url, SMALL, 'app-7'), patch);
    expect(admitted).toBe(720);
    expect(refused.headers['x-ms-throttle-scope']).toBe(`Tenant/Write/${appId('app-7')}/${SMALL}`);
  }, 60_000);

  // TL table: application 70,000 writes per 5 min across all tenants (bucket preset to empty for this app).
  it('throttles writes per application across tenants', async () => {
    h.emu.server.throttle.set(`graph/w/${appId('app-1')}`, 70_000, 0, 300_000);
    const t = await token(url, SMALL_2, 'app-1');
    const r = await call(url, t, 'PATCH', `/v1.0/users/${await userId(url, t)}`, { jobTitle: 'Clerk' });
    expect(r.status).toBe(429);
    expect(r.headers.get('x-ms-throttle-scope')).toBe(`Application/Write/${appId('app-1')}/${SMALL_2}`);
    expect((await call(url, t, 'GET', '/v1.0/organization')).status).toBe(200);
  });
});

describe('identity and access: per application across tenants', () => {
  // TL table: application 150,000 RU per 20 s, whatever the tenant (bucket preset to empty for this app).
  it('throttles an application in every tenant once its own budget is spent', async () => {
    h.emu.server.throttle.set(`graph/ru/${appId('app-1')}`, 150_000, 0, 20_000);
    const r = await call(url, await token(url, LARGE, 'app-1'), 'GET', '/v1.0/organization');
    expect(r.status).toBe(429);
    expect(r.headers.get('x-ms-throttle-scope')).toBe(`Application/ReadWrite/${appId('app-1')}/${LARGE}`);
    expect(r.headers.get('x-ms-throttle-information')).toBe('ResourceUnitLimitExceeded');
    expect((await call(url, await token(url, LARGE, 'app-2'), 'GET', '/v1.0/organization')).status).toBe(200);
  });

  // TL table and intro: the limits with their windows, checked narrowest first.
  it('charges each identity write against five limits with the published sizes', () => {
    const ctx = { method: 'PATCH', path: '/v1.0/users/x', query: new URLSearchParams(), token: { appid: 'a' }, tenant: { tenantId: 't', users: { size: 600 } } } as unknown as Ctx;
    const sizes = graphMeter(ctx)?.limits.map((l) => [l.capacity, l.windowMs / 1000]);
    expect(sizes).toEqual([[8000, 10], [3000, 150], [18_000, 300], [150_000, 20], [70_000, 300], [2000, 1]]);
  });

  // TL intro, global limits: 2,000 requests per second per app across all tenants, any request type.
  it('throttles the 2,001st request of an application within one second', async () => {
    const { admitted, refused } = await drain(url, await token(url, LARGE, 'app-1'), get('/organization'));
    expect(admitted).toBe(2000);
    expect(refused.headers['x-ms-throttle-scope']).toBeUndefined();
    h.advance(1000);
    expect((await drain(url, await token(url, LARGE, 'app-1'), get('/organization'))).admitted).toBe(2000);
  });
});

describe('headers', () => {
  // TL "Throttled responses requests": x-ms-throttle-scope `<Scope>/<Limit>/<ApplicationId>/<TenantId>` and
  // x-ms-throttle-information; throttling.md: 429 with Retry-After.
  it('answers a refusal with 429, Retry-After, scope and information', async () => {
    h.emu.server.throttle.set(`graph/ru/${appId('app-1')}|${SMALL}`, 3500, -700);
    const r = await call(url, await token(url, SMALL, 'app-1'), 'GET', '/v1.0/users');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(r.headers.get('x-ms-throttle-scope')).toBe(`Tenant_Application/ReadWrite/${appId('app-1')}/${SMALL}`);
    expect(r.headers.get('x-ms-throttle-scope')).toMatch(SCOPE);
    expect(r.headers.get('x-ms-throttle-information')).toBe('ResourceUnitLimitExceeded');
    expect((r.body.error as { code: string }).code).toBe('TooManyRequests');
  });

  // TL "Regular responses requests": x-ms-throttle-limit-percentage only once more than 0.8 of the limit is used.
  it('reports the limit percentage only above 0.8', async () => {
    const t = await token(url, SMALL, 'app-1');
    h.emu.server.throttle.set(`graph/ru/${appId('app-1')}|${SMALL}`, 3500, 1000);
    expect((await call(url, t, 'GET', '/v1.0/organization')).headers.get('x-ms-throttle-limit-percentage')).toBeNull();
    h.emu.server.throttle.set(`graph/ru/${appId('app-1')}|${SMALL}`, 3500, 500);
    expect((await call(url, t, 'GET', '/v1.0/organization')).headers.get('x-ms-throttle-limit-percentage')).toBe('0.86');
  });
});

describe('$batch', () => {
  // JB "Batch size limitations": requests in a batch are evaluated individually against the limits; those over the
  // limit fail with 429 while the batch answers 200; the batch itself costs nothing.
  it('charges and throttles inner requests one by one', async () => {
    const t = await token(url, SMALL, 'app-1');
    h.emu.server.throttle.set(`graph/ru/${appId('app-1')}|${SMALL}`, 3500, 20);
    const answers = await batch(url, t, 20, get('/users'));
    expect(answers.map((a) => a.status)).toEqual([...Array(10).fill(200), ...Array(10).fill(429)]);
    expect(answers[0]?.headers['x-ms-resource-unit']).toBe('2');
    expect(answers[10]?.headers['x-ms-throttle-scope']).toBe(`Tenant_Application/ReadWrite/${appId('app-1')}/${SMALL}`);
    expect(Number(answers[10]?.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
  });
});

describe('identity and access reports', () => {
  // TL "Identity and access reports service limits": 5 requests per 10 s per app per tenant (directoryAudit).
  it('admits 5 directoryAudits reads per 10 s per app and tenant', async () => {
    const t = await token(url, SMALL, 'app-1');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(url, t, 'GET', '/v1.0/auditLogs/directoryAudits')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await call(url, await token(url, SMALL, 'app-2'), 'GET', '/v1.0/auditLogs/directoryAudits')).status).toBe(200);
    expect((await call(url, t, 'GET', '/v1.0/users')).status).toBe(200);
    const r = await call(url, t, 'GET', '/v1.0/auditLogs/directoryAudits');
    expect(r.headers.get('retry-after')).toBe('2');
    h.advance(2000);
    expect((await call(url, t, 'GET', '/v1.0/auditLogs/directoryAudits')).status).toBe(200);
  });
});

describe('switching throttling off', () => {
  // The emulator's own switches (README "The emulator"): --no-throttling at start, {enabled} on the control endpoint.
  it('admits everything with throttling off, still reporting costs', async () => {
    const off = await harness({ throttling: false });
    try {
      const t = await token(off.emu.url, SMALL, 'app-1');
      const answers = await statuses(off.emu.url, t, 180, get('/users'));
      expect(answers.filter((s) => s === 200)).toHaveLength(3600);
      expect((await call(off.emu.url, t, 'GET', '/v1.0/users')).headers.get('x-ms-resource-unit')).toBe('2');
    } finally {
      await off.emu.close();
    }
  });

  it('is switched off and on through the control endpoint', async () => {
    const t = await token(url, SMALL, 'app-1');
    h.emu.server.throttle.set(`graph/ru/${appId('app-1')}|${SMALL}`, 3500, -100);
    const toggle = (enabled: boolean) => fetch(`${url}/_emulator/throttle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
    expect((await toggle(false)).status).toBe(204);
    expect((await call(url, t, 'GET', '/v1.0/users')).status).toBe(200);
    await toggle(true);
    expect((await call(url, t, 'GET', '/v1.0/users')).status).toBe(429);
  });
});
