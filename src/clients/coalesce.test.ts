import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce.js';
import type { BatchRequest } from './types.js';

describe('createCoalescer', () => {
  it('sends concurrent writes 20 to a batch and hands each caller its own answer', async () => {
    const sent: BatchRequest[][] = [];
    const submit = createCoalescer(async (requests) => {
      sent.push(requests);
      return requests.map((r) => ({ id: r.id, status: r.url.endsWith('/7') ? 404 : 204, body: { url: r.url } }));
    });
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => submit({ method: 'PATCH', url: `/users/${i}`, body: { i } })));
    expect(sent.map((b) => b.length)).toEqual([20, 5]);
    expect(answers[7]).toMatchObject({ status: 404, body: { url: '/users/7' } });
    expect(answers[24]).toMatchObject({ status: 204, body: { url: '/users/24' } });
  });

  it('fails every write of a batch whose call failed', async () => {
    const submit = createCoalescer(async () => {
      throw new Error('connection reset');
    });
    const results = await Promise.allSettled([submit({ method: 'DELETE', url: '/a' }), submit({ method: 'DELETE', url: '/b' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
