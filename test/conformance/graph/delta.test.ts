// Conformance: delta queries on /users and /groups — the `id eq` $filter (the only one documented, at most 50 ids),
// and what a stale or unreadable deltaLink answers, each case naming the Microsoft page it follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, startConformance, values, type Conformance } from './kit.js';
import { errorOf, graph, type Res, token } from '../../support/http.js';
import { CONTOSO } from '../../support/seed.js';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
});
afterAll(async () => {
  await c.emu.close();
});

const DAY_MS = 24 * 3600 * 1000;
const idOf = async (path: string): Promise<string> => String(values(await c.call('GET', path))[0]?.id);
const userId = async (upn: string): Promise<string> => String((await c.call('GET', `/users/${upn}`)).body.id);
const deltaLink = (r: Res): string => String(r.body['@odata.deltaLink']);
const ids = (r: Res): string[] => values(r).map((v) => String(v.id)).sort();

async function advance(ms: number): Promise<void> {
  const res = await fetch(`${c.emu.url}/_emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
  expect(res.status).toBe(200);
  // The access token lives an hour on the same clock: take a new one, as a client would.
  c.call = graph(c.emu.url, await token(c.emu.url, CONTOSO));
}

describe("$filter=id eq '…' on delta (api-reference/v1.0/api/user-delta.md and group-delta.md, \"OData query parameters\")", () => {
  it('tracks only the objects named, joined by or, in the first round and in the rounds after it', async () => {
    const alice = await userId('alice@contoso.com');
    const bob = await userId('bob@contoso.com');
    const first = await c.call('GET', `/users/delta${q({ $filter: `id eq '${alice}' or id eq '${bob}'`, $select: 'id,jobTitle' })}`);
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual([alice, bob].sort());

    await c.call('PATCH', `/users/${await userId('dave@contoso.com')}`, { jobTitle: 'Not tracked' });
    await c.call('PATCH', `/users/${bob}`, { jobTitle: 'Tracked' });
    const next = await c.call('GET', deltaLink(first));
    expect(values(next)).toEqual([{ id: bob, jobTitle: 'Tracked' }]);
  });

  it('accepts the documented spelling with a space after the = and a group id', async () => {
    const finance = await idOf(`/groups${q({ $filter: "mailNickname eq 'finance'" })}`);
    const r = await c.call('GET', `/groups/delta/?$filter=${encodeURIComponent(` id eq '${finance}'`)}`);
    expect(r.status).toBe(200);
    expect(ids(r)).toEqual([finance]);
  });

  it('"There is a limit of 50 filtered objects": 51 ids are refused with 400', async () => {
    const terms = Array.from({ length: 51 }, (_, i) => `id eq '00000000-0000-4000-8000-${String(i).padStart(12, '0')}'`);
    const r = await c.call('GET', `/users/delta${q({ $filter: terms.join(' or ') })}`);
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('Request_UnsupportedQuery');
  });

  it('any other filter is refused: "The only supported $filter expression is for tracking changes on a specific object"', async () => {
    for (const filter of ["displayName eq 'Alice Andersson'", "id ne 'x'", "id eq 'a' and id eq 'b'"]) {
      const r = await c.call('GET', `/users/delta${q({ $filter: filter })}`);
      expect(r.status, filter).toBe(400);
      expect(errorOf(r).code).toBe('Request_UnsupportedQuery');
    }
  });
});

describe('stale and unreadable delta tokens (concepts/delta-query-overview.md, "Synchronization reset", "Token duration"; concepts/errors.md)', () => {
  it('a deltaLink used within seven days is served; after seven days it is 410 syncStateNotFound', async () => {
    const first = await c.call('GET', '/users/delta?$select=id');
    await advance(6 * DAY_MS);
    const fresh = await c.call('GET', deltaLink(first));
    expect(fresh.status).toBe(200);

    await advance(2 * DAY_MS);
    const stale = await c.call('GET', deltaLink(first));
    expect(stale.status).toBe(410);
    expect(errorOf(stale)).toMatchObject({
      code: 'syncStateNotFound',
      message: 'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    });
    // The round served at day six issued a link of its own, still within its seven days.
    expect((await c.call('GET', deltaLink(fresh))).status).toBe(200);
  });

  it('an unreadable token is 410 resyncRequired with a Location of the initial query (an empty $deltatoken), which is served', async () => {
    const r = await c.call('GET', '/groups/delta?$deltatoken=not-a-token');
    expect(r.status).toBe(410);
    expect(errorOf(r).code).toBe('resyncRequired');
    const location = r.headers.get('location') ?? '';
    expect(location).toMatch(/\/v1\.0\/groups\/delta\?\$deltatoken=$/);
    const restart = await c.call('GET', location);
    expect(restart.status).toBe(200);
    expect(restart.body['@odata.deltaLink']).toBeDefined();
  });

  it('a bad $skiptoken inside a round stays the page-token error (400 Directory_ExpiredPageToken)', async () => {
    const r = await c.call('GET', '/users/delta?$skiptoken=garbage');
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('Directory_ExpiredPageToken');
  });
});
