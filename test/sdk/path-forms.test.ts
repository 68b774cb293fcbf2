// The wire forms stock SDKs send, checked without an SDK on the plain-HTTP emulator: function-call and aliased-cast
// path segments, `$count` segments on members, `$batch` inner header names, `//subscriptions` and the ARM fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { CLIENT_ID, CLIENT_SECRET, seed } from './kit.js';
import { withTenantform } from '../support/access.js';
import { servicePrincipalId } from '../../src/emulator/graph/service-principals.js';
import { CONTOSO, SUB } from '../support/seed.js';

let emu: RunningEmulator;
const bearer: Record<string, string> = {};

async function tokenFor(resource: string): Promise<string> {
  const res = await fetch(`${emu.url}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: `${resource}/.default` }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function call(api: 'graph' | 'arm', path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(`${emu.url}${path}`, {
    method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: { authorization: `Bearer ${bearer[api] ?? ''}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  return { status: res.status, text, json: json ?? {}, type: res.headers.get('content-type') };
}

const ids = (r: { json: Record<string, unknown> }): string[] => ((r.json.value ?? []) as { id: string }[]).map((o) => o.id).sort();
const financeId = (): string => [...(emu.state.tenants.get(CONTOSO)?.groups.values() ?? [])].find((g) => g.props.displayName === 'Finance')?.id ?? '';

beforeAll(async () => {
  emu = await startEmulator({ seed: withTenantform(seed()) });
  bearer.graph = await tokenFor('https://graph.microsoft.com');
  bearer.arm = await tokenFor('https://management.azure.com');
});
afterAll(async () => emu?.close());

describe('Graph path forms', () => {
  // api-reference/v1.0/api/user-delta.md and group-delta.md: `GET /users/delta` and `/groups/delta`; the Kiota SDKs
  // call the function with its parentheses, `delta()`.
  it('serves delta() as delta on users and groups', async () => {
    for (const coll of ['users', 'groups']) {
      const bare = await call('graph', `/v1.0/${coll}/delta?$select=id`);
      const called = await call('graph', `/v1.0/${coll}/delta()?$select=id`);
      expect(called.status).toBe(200);
      expect(ids(called)).toEqual(ids(bare));
      expect(called.json['@odata.deltaLink']).toEqual(expect.stringContaining('$deltatoken='));
    }
  });

  // api-reference/v1.0/api/directory-deleteditems-list.md: `/directory/deletedItems/microsoft.graph.user`; the Kiota
  // SDKs write the cast with the `graph.` alias.
  it('serves the graph.user cast on deletedItems as microsoft.graph.user', async () => {
    const bob = emu.state.tenants.get(CONTOSO)?.upnIndex.get('bob@contoso.com') ?? '';
    expect((await call('graph', `/v1.0/users/${bob}`, { method: 'DELETE' })).status).toBe(204);
    const aliased = await call('graph', '/v1.0/directory/deletedItems/graph.user');
    expect(aliased.status).toBe(200);
    expect(ids(aliased)).toEqual([bob]);
    expect(ids(await call('graph', '/v1.0/directory/deletedItems/microsoft.graph.user'))).toEqual([bob]);
  });

  // api-reference/v1.0/api/group-list-members.md, examples 2 and 3: `members/$count` and
  // `members/microsoft.graph.user/$count` with ConsistencyLevel: eventual give a text/plain integer.
  it('counts members with $count segments, with either cast spelling, under ConsistencyLevel: eventual', async () => {
    const eventual = { consistencylevel: 'eventual' };
    for (const path of ['members/$count', 'members/microsoft.graph.user/$count', 'members/graph.user/$count', 'members/graph.group/$count']) {
      const r = await call('graph', `/v1.0/groups/${financeId()}/${path}`, { headers: eventual });
      expect([r.status, r.type, r.text]).toEqual([200, 'text/plain', path.includes('group/') ? '0' : '1']);
    }
    const cast = await call('graph', `/v1.0/groups/${financeId()}/members/graph.user?$select=userPrincipalName`);
    expect(cast.json.value).toEqual([expect.objectContaining({ userPrincipalName: 'alice@contoso.com' })]);
  });

  // The Request_BadRequest "$count is not currently supported." that Graph answers without the header
  // (microsoft-graph-docs-contrib issue 2716 shows the body).
  it('refuses a $count segment without ConsistencyLevel: eventual', async () => {
    const r = await call('graph', `/v1.0/groups/${financeId()}/members/$count`);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'Request_BadRequest', message: '$count is not currently supported.' });
  });
});

describe('$batch inner responses', () => {
  // concepts/json-batching.md, "Example JSON batch response": inner header names as Graph spells them
  // (`Content-Type`, but `x-ms-resource-unit`); inner URLs take the same path forms as direct requests.
  it('spell Content-Type as Graph does, on successes and failures, and route delta() inside a batch', async () => {
    const r = await call('graph', '/v1.0/$batch', { method: 'POST', body: { requests: [
      { id: '1', method: 'GET', url: '/users/delta()?$select=id' },
      { id: '2', method: 'GET', url: '/users/nobody@contoso.com' },
      { id: '3', method: 'GET', url: `/groups/${financeId()}/members/$count`, headers: { ConsistencyLevel: 'eventual' } },
    ] } });
    const byId = Object.fromEntries((r.json.responses as { id: string; status: number; headers: Record<string, string>; body: unknown }[]).map((x) => [x.id, x]));
    expect(byId['1']?.status).toBe(200);
    expect(Object.keys(byId['1']?.headers ?? {})).toEqual(expect.arrayContaining(['Content-Type', 'x-ms-resource-unit']));
    expect(byId['1']?.headers['Content-Type']).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(byId['2']).toMatchObject({ status: 404, headers: { 'Content-Type': expect.stringMatching(/^application\/json/) } });
    expect(byId['3']).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: '1' });
    for (const x of Object.values(byId)) expect(Object.keys(x.headers)).not.toContain('content-type');
  });
});

describe('ARM paths and fields', () => {
  const auth = `/subscriptions/${SUB}/providers/Microsoft.Authorization`;

  // The Azure SDK expands `/{scope}/providers/…` with a scope that starts with `/` (ARM ids do) into `//subscriptions/…`;
  // shared/reference/arm/RoleAssignments_ListForScope.json is the request it means.
  it('reads //subscriptions/… as /subscriptions/…', async () => {
    const r = await call('arm', `//${auth.slice(1)}/roleAssignments?api-version=2022-04-01&$filter=atScope()`);
    expect(r.status).toBe(200);
    expect(r.json.value).toEqual(expect.any(Array));
  });

  // RoleAssignmentProperties and RoleDefinitionProperties of 2022-04-01 (Azure/bicep-types-az
  // generated/authorization/microsoft.authorization/2022-04-01/types.md, generated from the REST API specs).
  it('serves role assignments and role definitions with the documented audit fields', async () => {
    const carol = emu.state.tenants.get(CONTOSO)?.upnIndex.get('carol@contoso.com') ?? '';
    const put = await call('arm', `${auth}/roleAssignments/0b7cd1a2-5e0f-4c3a-9d1e-7f3a2b4c5d6e?api-version=2022-04-01`, { method: 'PUT', body: {
      properties: { roleDefinitionId: `${auth}/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, principalId: carol, principalType: 'User', description: 'audit' },
    } });
    expect(put.status).toBe(201);
    expect(put.json.properties).toMatchObject({
      createdOn: expect.any(String), updatedOn: expect.any(String), createdBy: servicePrincipalId(CONTOSO, CLIENT_ID), updatedBy: servicePrincipalId(CONTOSO, CLIENT_ID),
      description: 'audit', delegatedManagedIdentityResourceId: null,
    });
    const def = await call('arm', `${auth}/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7?api-version=2022-04-01`);
    expect(def.json.properties).toMatchObject({ createdOn: expect.any(String), updatedOn: expect.any(String), createdBy: null, updatedBy: null });
  });
});
