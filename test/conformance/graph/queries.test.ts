// Conformance: advanced queries on /users and /groups — $search, ConsistencyLevel, $count (parameter and segment),
// $orderby and $select limits — each case naming the Microsoft page that documents request, status and body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTUAL, q, startConformance, upns, values, type Conformance } from './kit.js';
import { errorOf } from '../../support/http.js';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
});
afterAll(async () => {
  await c.emu.close();
});

const search = (s: string, extra: Record<string, string> = {}) => `/users${q({ $search: s, ...extra })}`;

describe('$search on users (concepts/search-query-parameter.md, "Using $search on directory object collections")', () => {
  it('without ConsistencyLevel: 400 Request_UnsupportedQuery with the documented text (concepts/aad-advanced-queries.md, "Error handling")', async () => {
    const r = await c.call('GET', search('"displayName:Alice"'));
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({
      code: 'Request_UnsupportedQuery',
      message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    });
  });

  it('with ConsistencyLevel and no $count=true it is served: $search is the advanced query that needs only the header (aad-advanced-queries.md)', async () => {
    const r = await c.call('GET', search('"displayName:Alice"'), undefined, EVENTUAL);
    expect(r.status).toBe(200);
    expect(upns(r)).toEqual(['alice@contoso.com']);
  });

  it('matches tokens, not the whole collection: "displayName:Berg" gives only Bob (search-query-parameter.md)', async () => {
    const r = await c.call('GET', search('"displayName:Berg"'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['bob@contoso.com']);
  });

  it('a token prefix matches, as the documented example "displayName:Guthr" relies on (search-query-parameter.md, examples table)', async () => {
    const r = await c.call('GET', search('"displayName:Guthr"'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['dave@contoso.com']);
  });

  it('does not use "contains" logic: "displayName:ndersson" matches nothing (search-query-parameter.md)', async () => {
    const r = await c.call('GET', search('"displayName:ndersson"'), undefined, EVENTUAL);
    expect(r.status).toBe(200);
    expect(values(r)).toEqual([]);
  });

  it('tokens match in any order and regardless of case: "displayName:li 李" finds 李四(David Li) (search-query-parameter.md, note)', async () => {
    const r = await c.call('GET', search('"displayName:Li 李"'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['li@contoso.com']);
  });

  it('splits at a lower-to-upper case change and at digits: "displayName:world 123" (search-query-parameter.md, tokenization)', async () => {
    const r = await c.call('GET', search('"displayName:world 123"'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['hw@contoso.com']);
  });

  it('words separated only by symbols are also joined: "displayName:helloworld" finds hello.world (search-query-parameter.md)', async () => {
    const r = await c.call('GET', search('"displayName:helloworld"'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['hw@contoso.com']);
  });

  it('properties other than displayName match by startsWith: "mail:dguth" but not "mail:guthrie" (search-query-parameter.md)', async () => {
    expect(upns(await c.call('GET', search('"mail:dguth"'), undefined, EVENTUAL))).toEqual(['dave@contoso.com']);
    expect(values(await c.call('GET', search('"mail:guthrie"'), undefined, EVENTUAL))).toEqual([]);
  });

  it('userPrincipalName is searchable by startsWith (search-query-parameter.md: any $filter property may be searched)', async () => {
    const r = await c.call('GET', search('"userPrincipalName:conf."'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['conf.adams@contoso.com']);
  });

  it('clauses join with upper-case OR: "displayName:Guthr" OR "mail:alice" (search-query-parameter.md, examples table)', async () => {
    const r = await c.call('GET', search('"displayName:Guthr" OR "mail:alice"'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['alice@contoso.com', 'dave@contoso.com']);
  });

  it('AND with parentheses narrows: "displayName:Conf" AND ("mail:adams" OR "mail:x") (search-query-parameter.md, syntax rules)', async () => {
    const r = await c.call('GET', search('"displayName:Conf" AND ("mail:adams" OR "mail:x")'), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['conf.adams@contoso.com']);
  });

  it('$search and $filter combine as a conjunction (search-query-parameter.md, "$search can be used together with $filter")', async () => {
    const r = await c.call('GET', search('"displayName:a"', { $filter: "usageLocation eq 'SE'" }), undefined, EVENTUAL);
    expect(upns(r)).toEqual(['alice@contoso.com']);
  });

  it('a clause without a property is refused with 400 (search-query-parameter.md: "The property name must be specified"; no text published)', async () => {
    const r = await c.call('GET', search('"Alice"'), undefined, EVENTUAL);
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('Request_UnsupportedQuery');
  });

  it('an unquoted clause is refused with 400 (search-query-parameter.md: "The whole clause must be declared inside double quotes")', async () => {
    const r = await c.call('GET', search('displayName:Alice'), undefined, EVENTUAL);
    expect(r.status).toBe(400);
  });

  it('lower-case "or" is not an operator: the request is refused (search-query-parameter.md: AND and OR "must be in upper case")', async () => {
    const r = await c.call('GET', search('"displayName:Alice" or "displayName:Bob"'), undefined, EVENTUAL);
    expect(r.status).toBe(400);
  });
});

describe('$search on groups (search-query-parameter.md)', () => {
  it('"displayName:OneVideo" OR "mail:onevideo" finds the group through its tokens one + video (documented example)', async () => {
    const r = await c.call('GET', `/groups${q({ $search: '"displayName:OneVideo" OR "mail:onevideo"' })}`, undefined, EVENTUAL);
    expect(values(r).map((g) => g.displayName)).toEqual(['OneVideo Team']);
  });

  it('description is tokenised too: "description:crew" (search-query-parameter.md, note on displayName and description)', async () => {
    const r = await c.call('GET', `/groups${q({ $search: '"description:crew"' })}`, undefined, EVENTUAL);
    expect(values(r).map((g) => g.displayName)).toEqual(['OneVideo Team']);
  });

  it('without ConsistencyLevel: 400 with the documented text (aad-advanced-queries.md, "Error handling")', async () => {
    const r = await c.call('GET', `/groups${q({ $search: '"displayName:Finance"' })}`);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/^Request with \$search query parameter only works through MSGraph/);
  });

  it('collections that do not model $search refuse it explicitly instead of ignoring it (emulator rule: never a silent wrong answer)', async () => {
    const groups = values(await c.call('GET', '/groups'));
    const r = await c.call('GET', `/groups/${String(groups[0]!.id)}/members${q({ $search: '"displayName:a"' })}`, undefined, EVENTUAL);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/not supported by the emulator/);
  });
});
