import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { replicationDelayOf } from '../../src/emulator/replication.js';
import { type Call, errorOf, graph, token } from '../support/http.js';
import { startSmall } from '../support/world.js';

let emu: RunningEmulator;
let call: Call;
const users = (r: { body: Record<string, unknown> }): Record<string, unknown>[] => r.body.value as Record<string, unknown>[];

beforeAll(async () => {
  emu = await startSmall();
  call = graph(emu.url, await token(emu.url));
  for (let i = 0; i < 7; i++) {
    const r = await call('POST', '/users', {
      accountEnabled: true, displayName: `Temp ${i}`, mailNickname: `temp${i}`, userPrincipalName: `temp${i}@contoso.com`,
      passwordProfile: { password: 'Secret-123!', forceChangePasswordNextSignIn: true },
    });
    expect(r.status).toBe(201);
  }
});
afterAll(() => emu.close());

describe('GET /users', () => {
  it('returns the default property set and never passwordProfile', async () => {
    const r = await call('GET', '/users');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ms-resource-unit')).toBe('2');
    const alice = users(r).find((u) => u.userPrincipalName === 'alice@contoso.com');
    expect(Object.keys(alice ?? {}).sort()).toEqual(['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone',
      'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName']);
    const sel = await call('GET', '/users?$select=id,userPrincipalName,passwordProfile,assignedLicenses,usageLocation');
    expect(sel.headers.get('x-ms-resource-unit')).toBe('1');
    const a = users(sel).find((u) => u.userPrincipalName === 'alice@contoso.com');
    expect(a?.passwordProfile).toBeNull();
    expect(a?.usageLocation).toBe('SE');
    expect(a?.assignedLicenses).toEqual([{ disabledPlans: [], skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965' }]);
  });

  it('rejects an unknown $select property', async () => {
    const r = await call('GET', '/users?$select=nope');
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toContain("Could not find a property named 'nope'");
  });

  it('filters with eq, in and startsWith on the supported properties', async () => {
    const eq = await call('GET', `/users?$filter=${encodeURIComponent("userPrincipalName eq 'ALICE@contoso.com'")}`);
    expect(users(eq).map((u) => u.displayName)).toEqual(['Alice Andersson']);
    const ids = users(await call('GET', '/users?$select=id,mailNickname')).filter((u) => u.mailNickname === 'bob' || u.mailNickname === 'carol').map((u) => u.id);
    const inF = await call('GET', `/users?$filter=${encodeURIComponent(`id in ('${ids.join("','")}')`)}`);
    expect(users(inF).map((u) => u.userPrincipalName).sort()).toEqual(['bob@contoso.com', 'carol@contoso.com']);
    const sw = await call('GET', `/users?$filter=${encodeURIComponent("startsWith(displayName,'temp')")}`);
    expect(users(sw)).toHaveLength(7);
    const nick = await call('GET', `/users?$filter=${encodeURIComponent("mailNickname eq 'temp3'")}`);
    expect(users(nick).map((u) => u.userPrincipalName)).toEqual(['temp3@contoso.com']);
  });

  it('refuses ne without ConsistencyLevel and counts with it', async () => {
    const ne = await call('GET', `/users?$filter=${encodeURIComponent("displayName ne 'x'")}`);
    expect(ne.status).toBe(400);
    expect(errorOf(ne).code).toBe('Request_UnsupportedQuery');
    const counted = await call('GET', `/users?$count=true&$filter=${encodeURIComponent("displayName ne 'x'")}`, undefined, { ConsistencyLevel: 'eventual' });
    expect(counted.body['@odata.count']).toBe(10);
  });

  it('pages with $top and @odata.nextLink on its own origin, and bounds $top to 1–999', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/users?$top=3&$select=id';
    let pages = 0;
    while (next) {
      const r = await call('GET', next);
      expect(r.status).toBe(200);
      seen.push(...users(r).map((u) => String(u.id)));
      next = r.body['@odata.nextLink'] as string | undefined;
      if (next) expect(next.startsWith(`${emu.url}/v1.0/users?`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(10);
    for (const top of ['0', '1000', 'x']) {
      const r = await call('GET', `/users?$top=${top}`);
      expect(r.status).toBe(400);
      expect(errorOf(r).code).toBe('Request_UnsupportedQuery');
    }
    expect((await call('GET', '/users?$top=999')).status).toBe(200);
  });

  it('gets a user by id or userPrincipalName, 404 with Request_ResourceNotFound otherwise', async () => {
    const byUpn = await call('GET', '/users/bob@contoso.com?$select=id,displayName');
    expect(byUpn.body.displayName).toBe('Bob Berg');
    const byId = await call('GET', `/users/${String(byUpn.body.id)}`);
    expect(byId.body.userPrincipalName).toBe('bob@contoso.com');
    const missing = await call('GET', '/users/nobody@contoso.com');
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toMatchObject({ code: 'Request_ResourceNotFound', message: "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present." });
  });
});

describe('POST/PATCH/DELETE /users', () => {
  const base = { accountEnabled: true, displayName: 'Dan', mailNickname: 'dan', userPrincipalName: 'dan@contoso.com', passwordProfile: { password: 'Secret-123!' } };

  it('requires each of the five properties', async () => {
    for (const name of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile']) {
      const body: Record<string, unknown> = { ...base };
      delete body[name];
      const r = await call('POST', '/users', body);
      expect(r.status).toBe(400);
      expect(errorOf(r)).toMatchObject({ code: 'Request_BadRequest', message: `A value is required for property '${name}' of resource 'User'.` });
    }
  });

  it('refuses a duplicate UPN, a foreign domain and an undeclared property', async () => {
    const dup = await call('POST', '/users', { ...base, userPrincipalName: 'Alice@contoso.com' });
    expect(errorOf(dup)).toMatchObject({ code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.' });
    const foreign = await call('POST', '/users', { ...base, userPrincipalName: 'dan@fabrikam.com' });
    expect(errorOf(foreign).message).toContain('verified domain names');
    const odd = await call('POST', '/users', { ...base, favouriteColour: 'blue' });
    expect(errorOf(odd).message).toContain("Property 'favouriteColour' does not exist on type 'microsoft.graph.user'");
  });

  it('creates (201), updates (204), soft-deletes, restores and purges', async () => {
    const created = await call('POST', '/users', { ...base, jobTitle: 'Analyst' });
    expect(created.status).toBe(201);
    expect(created.body.passwordProfile).toBeUndefined();
    const id = String(created.body.id);
    const patched = await call('PATCH', `/users/${id}`, { jobTitle: 'Controller', userPrincipalName: 'daniel@contoso.com' });
    expect(patched.status).toBe(204);
    expect((await call('GET', '/users/daniel@contoso.com?$select=jobTitle')).body.jobTitle).toBe('Controller');
    const clash = await call('PATCH', `/users/${id}`, { userPrincipalName: 'bob@contoso.com' });
    expect(errorOf(clash).message).toBe('Another object with the same value for property userPrincipalName already exists.');

    expect((await call('DELETE', `/users/${id}`)).status).toBe(204);
    expect((await call('GET', `/users/${id}`)).status).toBe(404);
    const deleted = await call('GET', '/directory/deletedItems/microsoft.graph.user');
    const entry = users(deleted).find((u) => u.id === id);
    expect(entry?.['@odata.type']).toBe('#microsoft.graph.user');
    expect(typeof entry?.deletedDateTime).toBe('string');
    expect((await call('GET', `/directory/deletedItems/${id}`)).body.userPrincipalName).toBe('daniel@contoso.com');

    const restored = await call('POST', `/directory/deletedItems/${id}/restore`);
    expect(restored.status).toBe(200);
    expect((await call('GET', `/users/${id}`)).status).toBe(200);

    await call('DELETE', `/users/${id}`);
    expect((await call('DELETE', `/directory/deletedItems/${id}`)).status).toBe(204);
    const gone = await call('GET', `/directory/deletedItems/${id}`);
    expect(errorOf(gone).code).toBe('Request_ResourceNotFound');
  });

  it('refuses to restore a user whose UPN was taken meanwhile', async () => {
    const c = await call('POST', '/users', { ...base, userPrincipalName: 'eve@contoso.com', mailNickname: 'eve' });
    await call('DELETE', `/users/${String(c.body.id)}`);
    await call('POST', '/users', { ...base, userPrincipalName: 'eve@contoso.com', mailNickname: 'eve2' });
    const r = await call('POST', `/directory/deletedItems/${String(c.body.id)}/restore`);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toBe('Another object with the same value for property userPrincipalName already exists.');
  });
});

describe('replication delay', () => {
  it('hides a new user from reads until the delay has passed', async () => {
    const clock = new ManualClock();
    const slow = await startSmall({ replicationDelayMs: 300, clock });
    try {
      const c = graph(slow.url, await token(slow.url));
      const r = await c('POST', '/users', { accountEnabled: true, displayName: 'New', mailNickname: 'new', userPrincipalName: 'new@contoso.com', passwordProfile: { password: 'Secret-123!' } });
      expect(r.status).toBe(201);
      expect((await c('GET', `/users/${String(r.body.id)}`)).status).toBe(404);
      expect(users(await c('GET', '/users')).some((u) => u.id === r.body.id)).toBe(false);
      const delay = replicationDelayOf({ replicationDelayMs: 300 }, String(r.body.id));
      clock.advance(delay - 1);
      expect((await c('GET', `/users/${String(r.body.id)}`)).status).toBe(404);
      clock.advance(1);
      expect((await c('GET', `/users/${String(r.body.id)}`)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
