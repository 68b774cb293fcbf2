import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Throttle, budgetFor } from '../../src/emulator/throttle.js';
import { appId, startSmall, TEST_APP, TEST_APP_2 } from '../support/world.js';
import { type Call, errorOf, graph, token } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
let call: Call;
type Audit = { activityDisplayName: string; initiatedBy: { app: Record<string, unknown> | null; user: Record<string, unknown> | null }; targetResources: { id: string; userPrincipalName: string; modifiedProperties: { displayName: string; oldValue: string; newValue: string }[] }[] };

const control = async (path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(`${emu.url}/_emulator${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};

beforeAll(async () => {
  emu = await startSmall();
  call = graph(emu.url, await token(emu.url));
});
afterAll(() => emu.close());

describe('audit log', () => {
  it('records writes with the app as actor, the target and the modified properties', async () => {
    await call('PATCH', '/users/alice@contoso.com', { jobTitle: 'CFO' });
    const r = await call('GET', `/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Update user'")}`);
    const entry = (r.body.value as Audit[])[0];
    expect(entry?.initiatedBy.app).toMatchObject({ appId: appId('app-1') });
    expect(entry?.initiatedBy.user).toBeNull();
    expect(entry?.targetResources[0]?.userPrincipalName).toBe('alice@contoso.com');
    expect(entry?.targetResources[0]?.modifiedProperties).toEqual([{ displayName: 'jobTitle', oldValue: '["Controller"]', newValue: '["CFO"]' }]);
    const one = await call('GET', `/auditLogs/directoryAudits/${String((entry as unknown as { id: string }).id)}`);
    expect(one.body.activityDisplayName).toBe('Update user');
  });
});

describe('control endpoint', () => {
  it('changes objects out of band as a named portal admin, audited under that admin', async () => {
    const r = await control(`/tenants/${CONTOSO}/changes`, {
      actor: { userPrincipalName: 'admin@contoso.com', displayName: 'Portal Admin' },
      requests: [
        { method: 'PATCH', url: '/users/bob@contoso.com', body: { department: 'Sales' } },
        { method: 'PATCH', url: '/users/nobody@contoso.com', body: { department: 'Sales' } },
      ],
    });
    expect(r.status).toBe(200);
    expect((r.body.responses as { status: number }[]).map((x) => x.status)).toEqual([204, 404]);
    expect((await call('GET', '/users/bob@contoso.com?$select=department')).body.department).toBe('Sales');
    const audits = (await call('GET', '/auditLogs/directoryAudits')).body.value as Audit[];
    const entry = audits.find((a) => a.targetResources[0]?.userPrincipalName === 'bob@contoso.com');
    expect(entry?.initiatedBy.user).toMatchObject({ userPrincipalName: 'admin@contoso.com', displayName: 'Portal Admin' });
    expect(entry?.initiatedBy.app).toBeNull();
  });

  it('reports statistics and refuses unknown tenants', async () => {
    const s = await control('/stats');
    expect((s.body.requests as Record<string, number>).graph).toBeGreaterThan(0);
    expect((s.body.tenants as { users: number }[])[0]?.users).toBe(3);
    const bad = await control('/tenants/00000000-0000-0000-0000-000000000000/changes', { actor: { userPrincipalName: 'a@b.c' }, requests: [] });
    expect(bad.status).toBe(404);
  });

  it('sets the seats of a SKU as a partner buying them, seen in subscribedSkus', async () => {
    const patch = async (sku: string, body: unknown) => {
      const res = await fetch(`${emu.url}/_emulator/tenants/${CONTOSO}/skus/${sku}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await patch('VISIOCLIENT', { seats: 4 })).toMatchObject({ status: 200, body: { skuPartNumber: 'VISIOCLIENT', seats: 4 } });
    const skus = (await call('GET', '/subscribedSkus')).body.value as { skuPartNumber: string; prepaidUnits: { enabled: number } }[];
    expect(skus.find((s) => s.skuPartNumber === 'VISIOCLIENT')?.prepaidUnits.enabled).toBe(4);
    expect((await patch('NOPE', { seats: 1 })).status).toBe(404);
    expect((await patch('VISIOCLIENT', { seats: -1 })).status).toBe(400);
  });
});

describe('throttling', () => {
  it('answers 429 with Retry-After and Graph’s error body once the budget is spent', async () => {
    await control('/throttle', { tenantId: CONTOSO, clientId: TEST_APP, units: -50 });
    const r = await call('GET', '/users');
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(errorOf(r).code).toBe('TooManyRequests');
    expect((await graph(emu.url, await token(emu.url, CONTOSO, undefined, TEST_APP_2))('GET', '/users')).status).toBe(200);
    const moved = await control('/clock', { advanceMs: 1000 * Number(r.headers.get('retry-after')) });
    expect(moved.status).toBe(200);
    expect((await call('GET', '/users')).status).toBe(200);
  });

  it('drains a budget of 3,500 units per 10 s for a small tenant, refilled continuously', () => {
    const t = new Throttle();
    let ok = 0;
    while (t.take('app|tenant', budgetFor(3), 2, 0) === 0) ok++;
    expect(ok).toBe(1750);
    expect(t.take('app|tenant', budgetFor(3), 2, 0)).toBe(1);
    expect(t.take('app|tenant', budgetFor(3), 2, 6)).toBe(0);
    expect(t.take('app|tenant', budgetFor(3), 3500, 20_000)).toBe(0);
    expect([budgetFor(49), budgetFor(50), budgetFor(500), budgetFor(501)]).toEqual([3500, 5000, 5000, 8000]);
  });
});

describe('faults', () => {
  const statuses = async (spec: string): Promise<string[]> => {
    const e = await startSmall({ faults: spec });
    try {
      const t = await token(e.url);
      const out: string[] = [];
      for (let i = 0; i < 40; i++) {
        try {
          const res = await fetch(`${e.url}/v1.0/organization`, { headers: { authorization: `Bearer ${t}` } });
          out.push(`${res.status}${res.headers.get('retry-after') ? 'r' : ''}`);
          await res.text();
        } catch {
          out.push('reset');
        }
      }
      return out;
    } finally {
      await e.close();
    }
  };

  it('are drawn from the seed and reproducible', async () => {
    const a = await statuses('429:0.2,503:0.1,reset:0.05,seed:7');
    const b = await statuses('429:0.2,503:0.1,reset:0.05,seed:7');
    const c = await statuses('429:0.2,503:0.1,reset:0.05,seed:8');
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.some((s) => s.startsWith('429'))).toBe(true);
    expect(a.some((s) => s.startsWith('503'))).toBe(true);
    expect(a.filter((s) => s === '200').length).toBeGreaterThan(10);
  });

  it('can be switched on and off through the control endpoint', async () => {
    expect((await control('/faults', { spec: '503:1,seed:1' })).status).toBe(204);
    expect((await call('GET', '/organization')).status).toBe(503);
    await control('/faults', { spec: null });
    expect((await call('GET', '/organization')).status).toBe(200);
    expect((await control('/faults', { spec: 'boom:1' })).status).toBe(400);
  });

  it('hits only the one path it is given, so one read can fail among good ones', async () => {
    expect((await control('/faults', { spec: '503:1,seed:1', path: '/v1.0/users/$count' })).status).toBe(204);
    expect((await call('GET', '/users/$count', undefined, { ConsistencyLevel: 'eventual' })).status).toBe(503);
    expect((await call('GET', '/organization')).status).toBe(200);
    await control('/faults', { spec: null });
    expect((await call('GET', '/users/$count', undefined, { ConsistencyLevel: 'eventual' })).status).toBe(200);
    expect((await control('/faults', { spec: '503:1', path: 7 })).status).toBe(400);
  });
});

describe('persistence', () => {
  it('shares one tenant between two emulators on one state file', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'tf-emu-')), 'state.json');
    const first = await startSmall({ statePath });
    const c1 = graph(first.url, await token(first.url));
    const created = await c1('POST', '/users', { accountEnabled: true, displayName: 'Gus', mailNickname: 'gus', userPrincipalName: 'gus@contoso.com', usageLocation: 'SE', passwordProfile: { password: 'Secret-123!' } });
    await c1('DELETE', '/users/bob@contoso.com');
    await first.close();
    const second = await startSmall({ statePath, seed: undefined });
    try {
      const c2 = graph(second.url, await token(second.url));
      expect((await c2('GET', '/users/gus@contoso.com')).body.id).toBe(created.body.id);
      expect((await c2('GET', '/users/bob@contoso.com')).status).toBe(404);
      const deleted = (await c2('GET', '/directory/deletedItems/microsoft.graph.user')).body.value as { userPrincipalName: string }[];
      expect(deleted.map((d) => d.userPrincipalName)).toEqual(['bob@contoso.com']);
      const audits = (await c2('GET', '/auditLogs/directoryAudits')).body.value as Audit[];
      expect(audits.map((a) => a.activityDisplayName)).toEqual(['Delete user', 'Add user']);
    } finally {
      await second.close();
    }
  });
});
