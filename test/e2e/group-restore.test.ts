// A Microsoft 365 group deleted out of band and declared again is restored from deleted items under its old id (with
// its mailbox, files and history), not created anew. It comes back with its old members, which the plan could not
// read (deleted items hold no member lists): apply adds the declared ones and changes nothing it was not planned to,
// and the next plan removes the old members the YAML does not name. Adding a member the group already holds is a 400
// (api-reference/v1.0/api/group-post-members.md in microsoftgraph/microsoft-graph-docs-contrib: "a 400 Bad Request
// response code when the object is already a member of the group"), which for a restored group means done.
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
  expect(summary(only(plan))).toEqual(['create group:projects (restore)', 'create membership:projects (missing)']);
  expect(only(plan).changes[0]!.fields).toEqual([{ path: 'description', before: 'Old description', after: 'Client projects' }]);

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
