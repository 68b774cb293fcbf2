import type { Context } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { createPacer } from '../pacing.js';
import { GRAPH_REPORTS, GRAPH_WRITES, innerRequests, writesOf } from './pacing.js';

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
