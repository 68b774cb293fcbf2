// Conformance: $count (URL segment and parameter), the advanced query parameters for $filter operators, $orderby
// rules and $select of properties a user collection cannot return.
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

const ADVANCED_TEXT = (op: string): string =>
  `Operator '${op}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`;

describe('$count (api-reference/v1.0/api/user-list.md; concepts/aad-advanced-queries.md)', () => {
  it('GET /users/$count with ConsistencyLevel: 200 text/plain holding the number (user-list.md, example 3)', async () => {
    const r = await c.text('/users/$count', EVENTUAL);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain/);
    expect(r.body).toBe('6');
  });

  it('GET /users/$count without ConsistencyLevel: 400 Request_BadRequest "$count is not currently supported." (aad-advanced-queries.md, "Error handling")', async () => {
    const r = await c.call('GET', '/users/$count');
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'Request_BadRequest', message: '$count is not currently supported.' });
  });

  it('GET /groups/$count counts groups (aad-advanced-queries.md, "Use of $count as a URL segment": ~/groups/$count)', async () => {
    const r = await c.text('/groups/$count', EVENTUAL);
    expect([r.status, r.body]).toEqual([200, '2']);
  });

  it('the $count segment honours $filter (aad-advanced-queries.md: advanced queries combine)', async () => {
    const r = await c.text(`/users/$count${q({ $filter: "usageLocation eq 'SE'" })}`, EVENTUAL);
    expect(r.body).toBe('3');
  });

  it('$count=true without ConsistencyLevel is silently ignored: 200 and no @odata.count (aad-advanced-queries.md, "Error handling")', async () => {
    const r = await c.call('GET', '/users?$count=true');
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('@odata.count');
    expect(values(r)).toHaveLength(6);
  });

  it('$count=true with ConsistencyLevel: @odata.count is the size of the whole result (user-list.md, example 4)', async () => {
    const r = await c.call('GET', `/users${q({ $count: 'true', $filter: "startswith(displayName,'a')", $top: '1' })}`, undefined, EVENTUAL);
    expect(r.body['@odata.count']).toBe(1);
    expect(upns(r)).toEqual(['alice@contoso.com']);
  });

  it('@odata.count is given on the first page only, not repeated on nextLink pages (the service counts once per query)', async () => {
    const first = await c.call('GET', '/users?$count=true&$top=2', undefined, EVENTUAL);
    expect(first.body['@odata.count']).toBe(6);
    const second = await c.call('GET', String(first.body['@odata.nextLink']), undefined, EVENTUAL);
    expect(second.status).toBe(200);
    expect(second.body).not.toHaveProperty('@odata.count');
    expect(values(second)).toHaveLength(2);
  });
});

describe('advanced query parameters for $filter (concepts/aad-advanced-queries.md)', () => {
  it('endsWith without the parameters: 400 Request_UnsupportedQuery with the documented text ("Error handling")', async () => {
    const r = await c.call('GET', `/users${q({ $filter: "endswith(mail,'@contoso.com')" })}`);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'Request_UnsupportedQuery', message: ADVANCED_TEXT('endsWith') });
  });

  it('endsWith with the header but without $count=true is refused too: both parameters are required ("Error handling")', async () => {
    const r = await c.call('GET', `/users${q({ $filter: "endswith(mail,'@contoso.com')" })}`, undefined, EVENTUAL);
    expect(r.status).toBe(400);
  });

  it('endsWith with ConsistencyLevel and $count=true is served (user-list.md, example 5)', async () => {
    const r = await c.call('GET', `/users${q({ $filter: "endswith(mail,'e@contoso.com')", $count: 'true' })}`, undefined, EVENTUAL);
    expect(r.status).toBe(200);
    expect(upns(r)).toEqual(['alice@contoso.com', 'dave@contoso.com']);
  });

  it('ne without the parameters is refused with the same template (aad-advanced-queries.md: ne and not are advanced only)', async () => {
    const r = await c.call('GET', `/users${q({ $filter: 'accountEnabled ne true' })}`);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toBe(ADVANCED_TEXT('ne'));
  });

  it('ne with the parameters is served (aad-advanced-queries.md, option 2)', async () => {
    const r = await c.call('GET', `/users${q({ $filter: 'accountEnabled ne true', $count: 'true' })}`, undefined, EVENTUAL);
    expect(r.status).toBe(200);
    expect(r.body['@odata.count']).toBe(0);
  });
});

describe('$orderby (concepts/aad-advanced-queries.md, "Support for sorting by properties")', () => {
  it('displayName on users works by default and sorts ascending', async () => {
    const r = await c.call('GET', '/users?$orderby=displayName');
    expect(r.status).toBe(200);
    const names = values(r).map((u) => String(u.displayName).toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('userPrincipalName desc works by default', async () => {
    const r = await c.call('GET', '/users?$orderby=userPrincipalName desc');
    expect(values(r).map((u) => u.userPrincipalName)[0]).toBe('li@contoso.com');
  });

  it('createdDateTime needs the advanced query parameters: 400 Request_UnsupportedQuery without them', async () => {
    const r = await c.call('GET', '/users?$orderby=createdDateTime');
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'Request_UnsupportedQuery', message: 'Sorting not supported for current query.' });
  });

  it('createdDateTime with ConsistencyLevel and $count=true is served', async () => {
    const r = await c.call('GET', '/users?$orderby=createdDateTime&$count=true', undefined, EVENTUAL);
    expect(r.status).toBe(200);
  });

  it('$filter with $orderby needs the advanced query parameters ("Use of $filter and $orderby in the same query")', async () => {
    const plain = await c.call('GET', `/users${q({ $filter: "usageLocation eq 'SE'", $orderby: 'displayName' })}`);
    expect(plain.status).toBe(400);
    const advanced = await c.call('GET', `/users${q({ $filter: "usageLocation eq 'SE'", $orderby: 'displayName', $count: 'true' })}`, undefined, EVENTUAL);
    expect(values(advanced).map((u) => u.displayName)).toEqual(['Alice Andersson', 'Bob Berg', '李四(David Li)']);
  });

  it('a property not in the table (jobTitle) cannot be sorted on, even with the parameters', async () => {
    const r = await c.call('GET', '/users?$orderby=jobTitle&$count=true', undefined, EVENTUAL);
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('Request_UnsupportedQuery');
  });

  it('groups sort by displayName by default', async () => {
    const r = await c.call('GET', '/groups?$orderby=displayName desc');
    expect(values(r).map((g) => g.displayName)).toEqual(['OneVideo Team', 'Finance']);
  });
});

describe('$select on the user collection (api-reference/v1.0/api/user-list.md, "Optional query parameters" and "Response")', () => {
  it('aboutMe cannot be returned within a user collection: 501 Not Implemented (no error text is published)', async () => {
    const r = await c.call('GET', '/users?$select=displayName,aboutMe');
    expect(r.status).toBe(501);
    expect(errorOf(r).message).toMatch(/aboutMe/);
  });

  it.each(['birthday', 'hireDate', 'interests', 'mySite', 'pastProjects', 'preferredName', 'responsibilities', 'schools', 'skills', 'mailboxSettings'])(
    '%s likewise gives 501 on the collection', async (prop) => {
      expect((await c.call('GET', `/users?$select=${prop}`)).status).toBe(501);
    },
  );

  it('aboutMe on a single user is served (user-list.md: "only supported when retrieving a single user")', async () => {
    const r = await c.call('GET', '/users/alice@contoso.com?$select=aboutMe');
    expect(r.status).toBe(200);
    expect(r.body).toHaveProperty('aboutMe');
  });
});
