// Deleting a user as Entra does: it leaves its groups (group delta shows the member removed), user delta reports it
// removed with reason "changed" while restorable and "deleted" once purged, and restore puts its memberships back.
// Also: `$select` on a mixed member list accepts properties of any directoryObject type (appId of service principals).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Harness } from '../support/http.js';
import { groupsTenant } from '../support/seed.js';

let h: Harness;
let financeId = '';

beforeAll(async () => {
  h = await Harness.start({
    tenants: [groupsTenant({ groups: [{ displayName: 'Finance', mailNickname: 'finance', members: ['alice@contoso.com', 'bob@contoso.com'], owners: ['alice@contoso.com'] }] })],
  });
  financeId = [...h.tenant.groups.values()][0]!.id;
});
afterAll(() => h.close());

type Page = { value: Record<string, unknown>[]; '@odata.deltaLink'?: string; '@odata.nextLink'?: string };

async function drain(url: string): Promise<{ items: Record<string, unknown>[]; deltaLink: string }> {
  const items: Record<string, unknown>[] = [];
  let next = url;
  for (;;) {
    const page = (await h.call('GET', next)).body as Page;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'] };
    if (!page['@odata.nextLink']) throw new Error('a delta page without nextLink or deltaLink');
    next = page['@odata.nextLink'];
  }
}

const memberIds = async (): Promise<string[]> =>
  (((await h.call('GET', `/groups/${financeId}/members?$select=id`)).body as Page).value.map((m) => String(m.id))).sort();

it('soft delete: reason changed, gone from members and owners; restore: back in the group; purge: reason deleted', async () => {
  const alice = h.userId('alice@contoso.com');
  const users = await drain('/users/delta?$select=id,displayName');
  const groups = await drain('/groups/delta?$select=id,displayName,members');

  expect((await h.call('DELETE', `/users/${alice}`)).status).toBe(204);
  expect(await memberIds()).toEqual([h.userId('bob@contoso.com')]);
  expect(((await h.call('GET', `/groups/${financeId}/owners?$select=id`)).body as Page).value).toEqual([]);

  const afterDelete = await drain(users.deltaLink);
  expect(afterDelete.items).toEqual([{ id: alice, '@removed': { reason: 'changed' } }]);
  const groupDelta = await drain(groups.deltaLink);
  expect(groupDelta.items).toHaveLength(1);
  expect(groupDelta.items[0]!['members@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: alice, '@removed': { reason: 'deleted' } }]);

  expect((await h.call('POST', `/directory/deletedItems/${alice}/restore`)).status).toBe(200);
  expect(await memberIds()).toEqual([alice, h.userId('bob@contoso.com')].sort());
  const owners = ((await h.call('GET', `/groups/${financeId}/owners?$select=id`)).body as Page).value.map((o) => o.id);
  expect(owners).toEqual([alice]);
  const afterRestore = await drain(groupDelta.deltaLink);
  expect(afterRestore.items[0]!['members@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: alice }]);
  const restoredUsers = await drain(afterDelete.deltaLink);
  expect(restoredUsers.items.map((u) => u.id)).toEqual([alice]);
  expect(restoredUsers.items[0]!['@removed']).toBeUndefined();

  expect((await h.call('DELETE', `/users/${alice}`)).status).toBe(204);
  expect((await h.call('DELETE', `/directory/deletedItems/${alice}`)).status).toBe(204);
  const afterPurge = await drain(restoredUsers.deltaLink);
  expect(afterPurge.items).toEqual([{ id: alice, '@removed': { reason: 'deleted' } }]);
});

it('accepts $select of properties of other directoryObject types on members and leaves them off users', async () => {
  const res = await h.call('GET', `/groups/${financeId}/members?$select=id,userPrincipalName,mailNickname,mail,appId`);
  expect(res.status).toBe(200);
  const bob = (res.body as Page).value.find((m) => m.userPrincipalName === 'bob@contoso.com');
  expect(bob).toBeDefined();
  expect(bob).not.toHaveProperty('appId');
  const bad = await h.call('GET', `/groups/${financeId}/members?$select=id,notAProperty`);
  expect(bad.status).toBe(400);
});
