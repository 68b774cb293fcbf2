// Conformance of the emulator's Teams routes with Microsoft's pages (microsoftgraph/microsoft-graph-docs-contrib,
// api-reference/v1.0/api/): team-put-teams.md (201, and 404 while the group is not yet replicated: "If the group was
// created less than 15 minutes ago, it's possible for the Create team call to fail with a 404 error code"),
// team-get.md (200), team-update.md (204), team-archive.md and team-unarchive.md (202 with a Location of the
// teamsAsyncOperation to GET), channel-list.md, channel-post.md (201; private channels with their owner bound by id
// or user principal name), channel-patch.md ("You cannot update the membershipType value for an existing channel"),
// channel-delete.md, channel-post-members.md ("allowed only for channels with a membershipType value of private";
// roles "Must be owner or empty"), channel-update-members.md, channel-delete-members.md, and each page's
// application permissions. Every property served exists on its type in the v1.0 CSDL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type RunningEmulator } from '../../../src/emulator/index.js';
import type { SeedDocument } from '../../../src/emulator/seed.js';
import { appToken, startEmulator, TEST_SECRET } from '../../support/world.js';
import { check, readCsdl } from '../../emulator/csdl.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000007ea';
const SALES = '6b1a3c6e-0000-4000-8000-0000000005a1';
const FINANCE = '6b1a3c6e-0000-4000-8000-0000000005a2';
const READER = '6b1a3c6e-0000-4000-8000-00000000a0a1';
const types = readCsdl();

function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [],
      users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice', mail: 'alice@contoso.com' }, { userPrincipalName: 'bob@contoso.com', displayName: 'Bob' }],
      groups: [
        { id: SALES, displayName: 'Sales', mailNickname: 'sales', type: 'microsoft365', owners: ['alice@contoso.com'], members: ['bob@contoso.com'], team: {} },
        { id: FINANCE, displayName: 'Finance', mailNickname: 'finance', type: 'microsoft365', owners: ['alice@contoso.com'] },
      ],
      // An app with the read permissions of team-get.md and channel-list.md only.
      apps: [{ clientId: READER, clientSecret: TEST_SECRET, roles: ['TeamSettings.Read.All', 'Channel.ReadBasic.All'] }],
    }],
  };
}

let emu: RunningEmulator;
let token = '';
beforeEach(async () => {
  emu = await startEmulator({ seed: seed(), clock: new ManualClock(Date.parse('2026-12-01T10:00:00Z')), throttling: false });
  token = await appToken(emu.url, TENANT);
});
afterEach(async () => emu.close());

interface Res { status: number; headers: Headers; body: Record<string, unknown> }
async function call(method: string, path: string, body?: unknown, as = token): Promise<Res> {
  const res = await fetch(`${emu.url}/v1.0${path}`, {
    method, headers: { authorization: `Bearer ${as}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}
const clean = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('@odata.')));

describe('team', () => {
  it('is created from a group once Teams knows it, with the settings asked for and the rest on', async () => {
    const made = await call('POST', '/groups', { displayName: 'Projects', mailNickname: 'projects', mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'] });
    const id = made.body.id as string;
    // team-put-teams.md: a group created moments ago may answer 404 on the create, for replication.
    expect((await call('PUT', `/groups/${id}/team`, { funSettings: { giphyContentRating: 'strict' } })).status).toBe(404);
    emu.state.clock.advance(30_000);
    const put = await call('PUT', `/groups/${id}/team`, { memberSettings: { allowCreateUpdateChannels: false }, funSettings: { allowGiphy: true, giphyContentRating: 'strict' } });
    expect(put.status).toBe(201);
    expect(check(types, 'team', clean(put.body))).toEqual([]);
    expect(put.body).toMatchObject({ id, displayName: 'Projects', isArchived: false, memberSettings: { allowCreateUpdateChannels: false, allowDeleteChannels: true }, funSettings: { giphyContentRating: 'strict' } });
    const channels = await call('GET', `/teams/${id}/channels`);
    expect((channels.body.value as { displayName: string }[]).map((c) => c.displayName)).toEqual(['General']);
    expect((await call('PUT', `/groups/${id}/team`, {})).status).toBe(409);
  });

  it('gets (404 for a group without one), updates with 204, refuses properties its type lacks', async () => {
    expect((await call('GET', `/teams/${FINANCE}`)).status).toBe(404);
    const got = await call('GET', `/teams/${SALES}`);
    expect(got.status).toBe(200);
    expect(check(types, 'team', clean(got.body))).toEqual([]);
    expect((await call('PATCH', `/teams/${SALES}`, { messagingSettings: { allowUserDeleteMessages: false } })).status).toBe(204);
    expect((await call('GET', `/teams/${SALES}?$select=messagingSettings`)).body.messagingSettings).toMatchObject({ allowUserDeleteMessages: false, allowUserEditMessages: true });
    expect((await call('PATCH', `/teams/${SALES}`, { messagingSettings: { allowNothing: false } })).status).toBe(400);
    expect((await call('PATCH', `/teams/${SALES}`, { funSettings: { giphyContentRating: 'wild' } })).status).toBe(400);
  });

  it('archives and unarchives as operations: 202, a Location to poll, done after a while', async () => {
    const started = await call('POST', `/teams/${SALES}/archive`);
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    expect(location).toMatch(/^\/teams\('[0-9a-f-]+'\)\/operations\('[0-9a-f-]+'\)$/);
    const running = await call('GET', location);
    expect(running.body).toMatchObject({ operationType: 'archiveTeam', status: 'inProgress', targetResourceId: SALES });
    expect(check(types, 'teamsAsyncOperation', clean(running.body))).toEqual([]);
    expect((await call('GET', `/teams/${SALES}`)).body.isArchived).toBe(false);
    emu.state.clock.advance(5_000);
    expect((await call('GET', location)).body.status).toBe('succeeded');
    expect((await call('GET', `/teams/${SALES}`)).body.isArchived).toBe(true);
    const back = await call('POST', `/teams/${SALES}/unarchive`);
    expect(back.status).toBe(202);
    emu.state.clock.advance(5_000);
    expect((await call('GET', back.headers.get('location')!)).body).toMatchObject({ operationType: 'unarchiveTeam', status: 'succeeded' });
    expect((await call('GET', `/teams/${SALES}`)).body.isArchived).toBe(false);
  });
});

describe('channels and their members', () => {
  it('creates standard and private channels, keeps membershipType and General, deletes others', async () => {
    const standard = await call('POST', `/teams/${SALES}/channels`, { displayName: 'Deals', description: 'Deal desk', membershipType: 'standard' });
    expect(standard.status).toBe(201);
    expect(check(types, 'channel', clean(standard.body))).toEqual([]);
    const priv = await call('POST', `/teams/${SALES}/channels`, {
      displayName: 'Board', membershipType: 'private',
      members: [{ '@odata.type': '#microsoft.graph.aadUserConversationMember', 'user@odata.bind': "https://graph.microsoft.com/v1.0/users('alice@contoso.com')", roles: ['owner'] }],
    });
    expect(priv.status).toBe(201);
    const cid = encodeURIComponent(priv.body.id as string);
    expect((await call('PATCH', `/teams/${SALES}/channels/${cid}`, { membershipType: 'standard' })).status).toBe(400);
    expect((await call('PATCH', `/teams/${SALES}/channels/${cid}`, { description: 'Board only' })).status).toBe(204);
    const list = await call('GET', `/teams/${SALES}/channels?$select=id,displayName,description,membershipType`);
    expect(list.body.value).toEqual([
      expect.objectContaining({ displayName: 'General', membershipType: 'standard' }),
      expect.objectContaining({ displayName: 'Deals', description: 'Deal desk' }),
      expect.objectContaining({ displayName: 'Board', description: 'Board only', membershipType: 'private' }),
    ]);
    const general = encodeURIComponent((list.body.value as { id: string }[])[0]!.id);
    expect((await call('DELETE', `/teams/${SALES}/channels/${general}`)).status).toBe(400);
    expect((await call('DELETE', `/teams/${SALES}/channels/${encodeURIComponent(standard.body.id as string)}`)).status).toBe(204);
  });

  it('adds, promotes and removes members of a private channel only, users by id or user principal name', async () => {
    const std = await call('POST', `/teams/${SALES}/channels`, { displayName: 'Open' });
    const bind = (u: string) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${u}')`, roles: [] });
    expect((await call('POST', `/teams/${SALES}/channels/${encodeURIComponent(std.body.id as string)}/members`, bind('bob@contoso.com'))).status).toBe(400);
    const priv = await call('POST', `/teams/${SALES}/channels`, { displayName: 'Board', membershipType: 'private', members: [{ ...bind('alice@contoso.com'), roles: ['owner'] }] });
    const base = `/teams/${SALES}/channels/${encodeURIComponent(priv.body.id as string)}/members`;
    expect((await call('POST', base, { ...bind('bob@contoso.com'), roles: ['guest'] })).status).toBe(400);
    const added = await call('POST', base, bind('bob@contoso.com'));
    expect(added.status).toBe(201);
    expect(check(types, 'aadUserConversationMember', clean(added.body))).toEqual([]);
    expect(added.body).toMatchObject({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], displayName: 'Bob' });
    const mid = encodeURIComponent(added.body.id as string);
    expect((await call('PATCH', `${base}/${mid}`, { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'] })).body.roles).toEqual(['owner']);
    expect((await call('DELETE', `${base}/${mid}`)).status).toBe(204);
    expect(((await call('GET', base)).body.value as { displayName: string }[]).map((m) => m.displayName)).toEqual(['Alice']);
  });

  it('answers each route only with a permission of its page', async () => {
    const reader = await appToken(emu.url, TENANT, READER);
    // team-get.md: TeamSettings.Read.All; team-update.md needs TeamSettings.ReadWrite.All.
    expect((await call('GET', `/teams/${SALES}`, undefined, reader)).status).toBe(200);
    expect((await call('PATCH', `/teams/${SALES}`, { funSettings: { allowGiphy: false } }, reader)).status).toBe(403);
    // channel-list.md: Channel.ReadBasic.All; channel-post.md: Channel.Create; channel-list-members.md: ChannelMember.Read.All.
    const channels = await call('GET', `/teams/${SALES}/channels`, undefined, reader);
    expect(channels.status).toBe(200);
    expect((await call('POST', `/teams/${SALES}/channels`, { displayName: 'X' }, reader)).status).toBe(403);
    const general = encodeURIComponent((channels.body.value as { id: string }[])[0]!.id);
    expect((await call('GET', `/teams/${SALES}/channels/${general}/members`, undefined, reader)).status).toBe(403);
    // team-put-teams.md: Group.ReadWrite.All.
    expect((await call('PUT', `/groups/${FINANCE}/team`, {}, reader)).status).toBe(403);
  });
});
