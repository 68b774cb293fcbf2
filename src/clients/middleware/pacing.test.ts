import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { createPacer } from '../pacing.js';
import { GRAPH_APP_RU, GRAPH_APP_WRITES, GRAPH_REPORTS, GRAPH_WRITES, innerRequests, PacingStep, shareOf, writesOf } from './pacing.js';

const ctx = (request: string, body?: unknown, method = 'POST'): Context => ({ request, options: body === undefined ? { method } : { method, body: typeof body === 'string' ? body : JSON.stringify(body) } }) as Context;

describe('innerRequests', () => {
  it('counts the requests inside a $batch, so the batch reserves what its requests will cost', () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${i}` }));
    expect(innerRequests(ctx('https://graph.microsoft.com/v1.0/$batch', { requests }))).toBe(20);
  });

  it('leaves plain requests, and bodies it cannot read, at the default of one unit', () => {
    expect(innerRequests(ctx('https://graph.microsoft.com/v1.0/users?$top=999'))).toBeUndefined();
    expect(innerRequests(ctx('https://graph.microsoft.com/v1.0/users', { requests: [{ id: '1' }] }))).toBeUndefined();
    expect(innerRequests(ctx('https://graph.microsoft.com/v1.0/$batch', 'not json'))).toBeUndefined();
    expect(innerRequests(ctx('https://graph.microsoft.com/v1.0/$batch', { requests: [] }))).toBeUndefined();
  });
});

describe('writesOf', () => {
  // Graph's write quota (concepts/throttling-limits.md) counts every non-GET request, inner ones of a $batch included.
  it('counts the writes of a request and of the requests inside a $batch', () => {
    const requests = [{ id: '1', method: 'PATCH', url: '/users/a' }, { id: '2', method: 'GET', url: '/users/b' }, { id: '3', method: 'DELETE', url: '/groups/c' }];
    expect(writesOf(ctx('https://graph.microsoft.com/v1.0/$batch', { requests }))).toBe(2);
    expect(writesOf(ctx('https://graph.microsoft.com/v1.0/users/a', { jobTitle: 'x' }, 'PATCH'))).toBe(1);
    expect(writesOf(ctx('https://graph.microsoft.com/v1.0/users', undefined, 'GET'))).toBe(0);
  });
});

describe('bucket shapes', () => {
  // The reports limit (5 per 10 s) and the write quota (3,000 per 150 s) are paced a unit or so below, whatever the
  // RU budget's size.
  it('sizes a bucket by the shape it is first acquired with', async () => {
    let t = 0;
    const waits: number[] = [];
    const pacer = createPacer({ now: () => t, sleep: async (ms) => void (waits.push(ms), (t += ms)) });
    for (let i = 0; i < 6; i++) await pacer.acquire('t/graph/reports', 1, GRAPH_REPORTS);
    expect(waits).toEqual([2500, 2500]);
    await pacer.acquire('t/graph/writes', 2900, GRAPH_WRITES);
    await pacer.acquire('t/graph/writes', 20, GRAPH_WRITES);
    expect(waits).toEqual([2500, 2500, 1035]);
    expect(pacer.available('t/graph')).toBe(3500);
  });
});

describe('the app budget across tenants', () => {
  // concepts/throttling-limits.md: one app may write 70,000 times per 5 minutes across all tenants and spend 150,000
  // resource units per 20 s. N shards side by side each pace to 1/N of it (`--shard K/N`), tenants within one share it.
  const batchOf = (n: number) => JSON.stringify({ requests: Array.from({ length: n }, (_, i) => ({ id: String(i), method: 'PATCH', url: `/users/${i}`, body: {} })) });

  function run(appShare: number, answer: (n: number) => Response = () => new Response(null, { status: 200 })) {
    let t = 0;
    const waits: number[] = [];
    const pacer = createPacer({ now: () => t, sleep: async (ms) => void (waits.push(ms), (t += ms)) });
    let sent = 0;
    const transport: Middleware = { execute: async (c: Context) => void (c.response = answer(++sent)) };
    const steps = new Map<string, PacingStep>();
    const step = (tenant: string): PacingStep => {
      let s = steps.get(tenant);
      if (!s) {
        s = new PacingStep(pacer, `${tenant}/graph`, true, appShare);
        s.setNext(transport);
        steps.set(tenant, s);
      }
      return s;
    };
    const send = (tenant: string) => step(tenant).execute(ctx('https://graph.microsoft.com/v1.0/$batch', batchOf(20)));
    return { send, waits, pacer };
  }

  it('sizes the shared buckets as a share of the app limits', () => {
    expect(shareOf(GRAPH_APP_WRITES, 1 / 8)).toEqual({ capacity: 8500, windowMs: 300_000 });
    expect(shareOf(GRAPH_APP_RU, 1 / 8)).toEqual({ capacity: 18_125, windowMs: 20_000 });
    expect(shareOf(GRAPH_APP_WRITES, 1)).toEqual({ capacity: 68_000, windowMs: 300_000 });
  });

  it('one shard of 8: four tenants together write 8,500 before any waits, then wait for the app budget', async () => {
    const r = run(1 / 8);
    for (let i = 0; i < 106; i++) for (const tenant of ['a', 'b', 'c', 'd']) await r.send(tenant);
    await r.send('a');
    expect(r.waits).toEqual([]);
    await r.send('b');
    // 20 writes at 8,500 per 300 s: 706 ms, though tenant b's own quota (2,900 per 150 s) has room.
    expect(r.waits).toEqual([706]);
  });

  it('unsharded, the same writes go through without waiting: only each tenant\'s own quota binds', async () => {
    const r = run(1);
    for (let i = 0; i < 107; i++) for (const tenant of ['a', 'b', 'c', 'd']) await r.send(tenant);
    expect(r.waits).toEqual([]);
  });

  it('a 429 scoped to the application pauses every tenant of the process', async () => {
    const throttled = (n: number) => new Response(null, n === 1
      ? { status: 429, headers: { 'Retry-After': '7', 'x-ms-throttle-scope': 'Application/Write/app-1/t-a' } }
      : { status: 200 });
    const r = run(1, throttled);
    await r.send('a');
    await r.send('b');
    expect(r.waits).toEqual([7000]);
  });
});
