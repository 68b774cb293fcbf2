import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, Harness, ref } from '../support/http.js';
import { groupsTenant } from '../support/seed.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({
    tenants: [groupsTenant({
      groups: [
        { displayName: 'Finance', mailNickname: 'finance', members: ['alice@contoso.com'], owners: ['bob@contoso.com'] },
        { displayName: 'All Staff', mailNickname: 'allstaff', type: 'microsoft365' },
        { displayName: 'Sales Team', mailNickname: 'sales' },
      ],
    })],
  });
});
afterAll(() => h.close());

const security = (nick: string, extra: Record<string, unknown> = {}) => ({
  displayName: nick, mailNickname: nick, mailEnabled: false, securityEnabled: true, ...extra,
});

describe('GET /groups', () => {
  it('filters with eq, startsWith, in and groupTypes/any', async () => {
    const eq = await h.call('GET', "/groups?$filter=mailNickname eq 'finance'&$select=id,displayName");
    expect(eq.status).toBe(200);
    expect(eq.body.value).toEqual([{ id: expect.any(String), displayName: 'Finance' }]);
    const sw = await h.call('GET', "/groups?$filter=startsWith(displayName,'s')&$select=displayName");
    expect((sw.body.value as { displayName: string }[]).map((g) => g.displayName)).toEqual(['Sales Team']);
    const inn = await h.call('GET', "/groups?$filter=mailNickname in ('sales','allstaff')&$select=mailNickname");
    expect((inn.body.value as unknown[]).length).toBe(2);
    const unified = await h.call('GET', "/groups?$filter=groupTypes/any(c:c eq 'Unified')&$select=displayName,groupTypes");
    expect(unified.body.value).toEqual([{ id: expect.any(String), displayName: 'All Staff', groupTypes: ['Unified'] }]);
  });

  it('pages with $top and @odata.nextLink on its own origin, and refuses $top=1000', async () => {
    const first = await h.call('GET', '/groups?$top=2');
    expect((first.body.value as unknown[]).length).toBe(2);
    const next = first.body['@odata.nextLink'] as string;
    expect(next.startsWith(h.url)).toBe(true);
    const second = await h.call('GET', next);
    expect((second.body.value as unknown[]).length).toBeGreaterThanOrEqual(1);
    const bad = await h.call('GET', '/groups?$top=1000');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('Request_UnsupportedQuery');
  });

  it('rejects unknown $select and $filter properties', async () => {
    expect((await h.call('GET', '/groups?$select=nope')).status).toBe(400);
    const f = await h.call('GET', "/groups?$filter=description eq 'x'");
    expect(errorOf(f).code).toBe('Request_UnsupportedQuery');
  });

  it('reads page by page through the Graph client', async () => {
    const client = h.client();
    const groups = await client.list<{ displayName: string }>('/groups?$top=1&$select=displayName');
    expect(groups.map((g) => g.displayName)).toEqual(expect.arrayContaining(['Finance', 'All Staff', 'Sales Team']));
    await expect(client.get('/groups/00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
  });
});

describe('POST /groups', () => {
  it('creates a security group with Graph defaults and members/owners bindings', async () => {
    const alice = h.userId('alice@contoso.com');
    const bob = h.userId('bob@contoso.com');
    const res = await h.call('POST', '/groups', security('sec1', { 'members@odata.bind': [ref(alice), ref(bob)], 'owners@odata.bind': [`https://graph.microsoft.com/v1.0/users('${bob}')`] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: 'sec1', groupTypes: [], mailEnabled: false, securityEnabled: true, mail: null, membershipRule: null });
    expect(res.body.securityIdentifier).toMatch(/^S-1-12-1-\d+-\d+-\d+-\d+$/);
    const members = await h.call('GET', `/groups/${res.body.id as string}/members?$select=id`);
    expect((members.body.value as { id: string }[]).map((m) => m.id).sort()).toEqual([alice, bob].sort());
    const owners = await h.call('GET', `/groups/${res.body.id as string}/owners`);
    expect(owners.body.value).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: bob, userPrincipalName: 'bob@contoso.com' })]);
  });

  it('creates a Microsoft 365 group with a mail address and refuses a duplicate nickname', async () => {
    const body = { displayName: 'Project X', mailNickname: 'projectx', mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'] };
    const res = await h.call('POST', '/groups', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mail: 'projectx@contoso.com', visibility: 'Public', proxyAddresses: ['SMTP:projectx@contoso.com'] });
    const dup = await h.call('POST', '/groups', body);
    expect(dup.status).toBe(400);
    expect(errorOf(dup).message).toBe('Another object with the same value for property proxyAddresses already exists.');
  });

  it('refuses distribution lists and mail-enabled security groups as Graph does', async () => {
    const msg = 'The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset and the security-enablement property is set.';
    for (const securityEnabled of [false, true]) {
      const res = await h.call('POST', '/groups', { displayName: 'DL', mailNickname: 'dl', mailEnabled: true, securityEnabled, groupTypes: [] });
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'Request_BadRequest', message: msg });
    }
  });

  it('requires the four properties and rejects unknown and read-only ones', async () => {
    const missing = await h.call('POST', '/groups', { displayName: 'x', mailEnabled: false, securityEnabled: true });
    expect(errorOf(missing).message).toBe("Invalid value specified for property 'mailNickname' of resource 'Group'.");
    const unknown = await h.call('POST', '/groups', security('u1', { colour: 'red' }));
    expect(unknown.status).toBe(400);
    const readOnly = await h.call('POST', '/groups', security('u2', { mail: 'x@contoso.com' }));
    expect(errorOf(readOnly).message).toBe("Property 'mail' is read-only and cannot be set.");
    const badNick = await h.call('POST', '/groups', security('has space'));
    expect(errorOf(badNick).message).toBe("Invalid value specified for property 'mailNickname' of resource 'Group'.");
  });

  it('refuses more than 20 bindings and bindings to unknown objects', async () => {
    const alice = h.userId('alice@contoso.com');
    const many = Array.from({ length: 21 }, () => ref(alice));
    expect((await h.call('POST', '/groups', security('big', { 'members@odata.bind': many }))).status).toBe(400);
    const ghost = await h.call('POST', '/groups', security('ghost', { 'members@odata.bind': [ref('11111111-1111-4111-8111-111111111111')] }));
    expect(ghost.status).toBe(404);
    expect(errorOf(ghost).code).toBe('Request_ResourceNotFound');
  });
});

describe('PATCH and DELETE /groups/{id}', () => {
  it('updates with 204 and binds members, recording audit entries', async () => {
    const created = await h.call('POST', '/groups', security('patchme'));
    const id = created.body.id as string;
    const res = await h.call('PATCH', `/groups/${id}`, { description: 'Payroll', 'members@odata.bind': [ref(h.userId('carol@contoso.com'))] });
    expect(res.status).toBe(204);
    const got = await h.call('GET', `/groups/${id}?$select=description`);
    expect(got.body).toEqual({ '@odata.context': expect.any(String), id, description: 'Payroll' });
    const audit = h.tenant.audit.filter((a) => a.targetResources.some((t) => t.id === id));
    expect(audit.map((a) => a.activityDisplayName)).toEqual(['Add group', 'Update group', 'Add member to group']);
    expect(audit[1]?.targetResources[0]?.modifiedProperties).toEqual([{ displayName: 'description', oldValue: '[]', newValue: '["Payroll"]' }]);
    const toMail = await h.call('PATCH', `/groups/${id}`, { mailEnabled: true });
    expect(toMail.status).toBe(400);
  });

  it('soft-deletes Microsoft 365 groups (restorable) and deletes security groups permanently', async () => {
    const m365 = await h.call('POST', '/groups', { displayName: 'Temp', mailNickname: 'temp365', mailEnabled: true, securityEnabled: false, groupTypes: ['Unified'] });
    const sec = await h.call('POST', '/groups', security('tempsec'));
    expect((await h.call('DELETE', `/groups/${m365.body.id as string}`)).status).toBe(204);
    expect((await h.call('DELETE', `/groups/${sec.body.id as string}`)).status).toBe(204);
    expect((await h.call('GET', `/groups/${m365.body.id as string}`)).status).toBe(404);
    const deleted = await h.call('GET', '/directory/deletedItems/microsoft.graph.group');
    const ids = (deleted.body.value as { id: string }[]).map((g) => g.id);
    expect(ids).toContain(m365.body.id);
    expect(ids).not.toContain(sec.body.id);
    const restored = await h.call('POST', `/directory/deletedItems/${m365.body.id as string}/restore`);
    expect(restored.status).toBe(200);
    expect((await h.call('GET', `/groups/${m365.body.id as string}`)).status).toBe(200);
    expect((await h.call('POST', `/directory/deletedItems/${sec.body.id as string}/restore`)).status).toBe(404);
  });
});
