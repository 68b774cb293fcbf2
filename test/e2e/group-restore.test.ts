// A Microsoft 365 group deleted out of band and declared again is restored from deleted items under its old id (with
// its mailbox, files and history), not created anew. Microsoft restores it with its members ("Office 365 groups
// object, properties, and members": microsoft-365/admin/create-groups/restore-deleted-group.md in
// MicrosoftDocs/microsoft-365-docs), but Graph lists none while it is deleted (GET /directory/deletedItems/{id} returns
// the object alone: api-reference/v1.0/api/directory-deleteditems-get.md in microsoftgraph/microsoft-graph-docs-contrib).
// So the plan says so: its membership change is `settles_after_restore`, with no "before", adding the declared members,
// and an info diagnostic tells the reviewer that the next plan removes the old members the YAML does not name. Apply
// adds the declared ones and changes nothing it was not planned to; the next plan holds exactly the follow-up, and the
// one after is in sync. Adding a member the group already holds is a 400 (api-reference/v1.0/api/group-post-members.md:
// "a 400 Bad Request response code when the object is already a member of the group"), which for a restored group
// means done.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { withTenantform } from '../support/access.js';
import { loadedTenant } from '../support/folders.js';
import { tenantState, userByUpn } from '../support/http.js';
import { driver, only, summary } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';
import { clientsFor } from '../support/clients.js';

let emu: RunningEmulator;
let projectsId = '';

beforeAll(async () => {
  const doc = entraSeed();
  doc.tenants[0]!.groups!.push({
    displayName: 'Projects', mailNickname: 'projects', type: 'microsoft365', description: 'Old description',
    members: ['alice@contoso.com', 'bob@contoso.com'], owners: ['alice@contoso.com'],
  });
  emu = await startEmulator({ seed: withTenantform(doc), throttling: false });
  projectsId = [...tenantState(emu).groups.values()].find((g) => g.props.mailNickname === 'projects')!.id;
  const graph = clientsFor(emu).graph;
  await graph.delete(`/groups/${projectsId}`);
});
afterAll(() => emu.close());

it('plans a restore of a deleted Microsoft 365 group, applies it under the old id and converges', async () => {
  const d = driver(emu);
  const t = loadedTenant({
    groups: [{ mailNickname: 'projects', displayName: 'Projects', type: 'microsoft365', description: 'Client projects', members: ['alice@contoso.com', 'carol@contoso.com'] }],
  });
  const plan = await d.plan(t);
  expect(summary(only(plan))).toEqual(['create group:projects (restore)', 'create membership:projects (settles_after_restore)']);
  expect(only(plan).changes[0]!.fields).toEqual([{ path: 'description', before: 'Old description', after: 'Client projects' }]);
  // What the group will hold before the restore is not known, and the plan does not pretend it is.
  const membership = only(plan).changes[1]!;
  expect(membership.before).toBeNull();
  expect(membership.fields).toEqual([{ path: 'members', after: ['user:alice@contoso.com', 'user:carol@contoso.com'], added: ['user:alice@contoso.com', 'user:carol@contoso.com'], removed: [] }]);
  expect(membership.dependsOn).toEqual([only(plan).changes[0]!.id]);
  expect(only(plan).diagnostics).toContainEqual(expect.objectContaining({
    severity: 'info', address: 'membership:projects', path: 'groups[0]',
    summary: expect.stringContaining('returns from deleted items with its old members and owners, which cannot be read before the restore'),
  }));

  const result = await d.apply(plan, t);
  expect(result.tenants[0]).toMatchObject({ status: 'applied', failed: [], skipped: [] });
  const state = tenantState(emu);
  expect(state.deletedGroups.size).toBe(0);
  const projects = state.groups.get(projectsId)!;
  expect(projects.props.description).toBe('Client projects');
  const members = () => [...tenantState(emu).groups.get(projectsId)!.members].map((id) => String(state.users.get(id)?.props.userPrincipalName)).sort();
  expect(members()).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
  expect([...projects.owners]).toEqual([userByUpn(emu, 'alice@contoso.com')!.id]);

  const rest = await d.plan(t);
  expect(summary(only(rest))).toEqual(['update membership:projects (members_changed)']);
  expect(only(rest).changes[0]!.ops).toMatchObject({ members: { add: [], remove: [{ ref: 'user:bob@contoso.com' }] } });
  expect((await d.apply(rest, t)).tenants[0]).toMatchObject({ status: 'applied', failed: [] });
  expect(members()).toEqual(['alice@contoso.com', 'carol@contoso.com']);
  expect(only(await d.plan(t))).toMatchObject({ status: 'in_sync', changes: [] });
});

it('refuses to pick between two deleted groups of one nickname, naming both ids, and plans nothing for them', async () => {
  const doc = entraSeed();
  for (const description of ['First', 'Second']) {
    doc.tenants[0]!.groups!.push({ displayName: `Projects ${description}`, mailNickname: 'twice', type: 'microsoft365', description, members: ['alice@contoso.com'] });
  }
  const two = await startEmulator({ seed: withTenantform(doc), throttling: false });
  try {
    const ids = [...tenantState(two).groups.values()].filter((g) => g.props.mailNickname === 'twice').map((g) => g.id).sort();
    const graph = clientsFor(two).graph;
    for (const id of ids) await graph.delete(`/groups/${id}`);
    const t = loadedTenant({ groups: [{ mailNickname: 'twice', displayName: 'Projects', type: 'microsoft365', members: ['carol@contoso.com'] }] });
    const plan = only(await driver(two).plan(t));
    expect(plan.status).toBe('error');
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toContainEqual(expect.objectContaining({ address: 'group:twice', summary: expect.stringContaining(`2 deleted objects in the recycle bin have this key (ids ${ids.join(', ')})`) }));
    expect(plan.changes.filter((c) => c.kind === 'group')).toEqual([]);
  } finally {
    await two.close();
  }
});
