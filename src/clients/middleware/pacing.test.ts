import type { Context } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { innerRequests } from './pacing.js';

const ctx = (request: string, body?: unknown): Context => ({ request, options: body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) } }) as Context;

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
