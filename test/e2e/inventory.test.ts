// The inventory of undeclared live objects, whatever prune says: a Global Administrator added in the portal shows by
// name in the plan (text and JSON) and in the drift report; the other undeclared objects are counted in plan
// (Graph's `$count` with `ConsistencyLevel: eventual`, api-reference/v1.0/api/user-list.md example 3 and
// concepts/aad-advanced-queries.md) and listed by name in drift; a count that fails to read is unknown, never 0.
// Role assignments are listed unfiltered (api-reference/v1.0/api/rbacapplication-list-roleassignments.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDrift } from '../../src/cli/drift.js';
import { runPlan } from '../../src/cli/plan.js';
import { loadTenants } from '../../src/config/index.js';
import { planRun } from '../../src/engine/run.js';
import { kinds } from '../../src/kinds/index.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { DriftReport } from '../../src/report/types.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { control, portalChange } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';
import { clientsFor } from '../support/clients.js';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: cliEstate() });
});
afterEach(async () => {
  await emu.close();
});

/** Contoso with prune off everywhere: alice and finance declared, carol's roles declared (none). */
const folder = () => contoso({
  users: [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Analyst' },
    { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', roles: ['Helpdesk Administrator'] },
  ],
  groups: [{ mailNickname: 'finance', displayName: 'Finance' }],
});

/** Makes bob a Global Administrator the way an admin does in the portal: a role assignment at directory scope. */
async function portalGlobalAdmin(upn: string): Promise<void> {
  const users = (await control(emu, `tenants/${CONTOSO}/changes`, { actor: { userPrincipalName: 'admin@contoso.onmicrosoft.com' }, requests: [{ method: 'GET', url: `/users/${upn}` }] })) as { responses: { body: { id: string } }[] };
  const id = users.responses[0]!.body.id;
  await portalChange(emu, CONTOSO, [{ method: 'POST', url: '/roleManagement/directory/roleAssignments', body: { roleDefinitionId: GLOBAL_ADMIN, principalId: id, directoryScopeId: '/' } }]);
}

describe('inventory of undeclared objects', () => {
  it('names a portal-added Global Administrator in plan text and JSON with prune off, and counts the rest', async () => {
    await portalGlobalAdmin('bob@contoso.com');
    const w = workDir([folder()]);
    const file = join(w.root, 'plan.json');
    const c = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: file }, c.deps)).toBe(0);
    const tp = (await readPlanFile(file)).tenants[0]!;
    expect(tp.status).toBe('in_sync');
    // Carol's Helpdesk Administrator is declared; bob's Global Administrator is not.
    expect(tp.inventory?.privileged).toEqual([{ role: 'Global Administrator', principal: 'user:bob@contoso.com', scope: 'directory' }]);
    // Seeded: 5 users (alice, carol declared) and 1 group (finance declared).
    expect(tp.inventory?.counts).toEqual({ users: 3, groups: 0 });
    expect(tp.inventory?.unknown).toBeUndefined();
    expect(c.out()).toContain('Not managed by tenantform:');
    expect(c.out()).toContain('Privileged: user:bob@contoso.com holds Global Administrator');
    expect(c.out()).toContain('Undeclared: 0 groups, 3 users');

    const md = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, format: 'markdown' }, md.deps)).toBe(0);
    expect(md.out()).toContain('- Privileged: user:bob@contoso.com holds Global Administrator');
  });

  it('shows a count that failed to read as unknown, never 0, and still plans the tenant', async () => {
    await control(emu, 'faults', { spec: 'nonjson:1', tenantId: CONTOSO, path: '/v1.0/users/$count' });
    const w = workDir([folder()]);
    const file = join(w.root, 'plan.json');
    const c = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: file }, c.deps)).toBe(0);
    const tp = (await readPlanFile(file)).tenants[0]!;
    expect(tp.status).toBe('in_sync');
    expect(tp.inventory?.counts).toEqual({ users: null, groups: 0 });
    expect(tp.inventory?.unknown?.[0]).toMatch(/^the count of users: /);
    expect(tp.diagnostics.map((d) => `${d.severity} ${d.summary}`)).toContainEqual(expect.stringMatching(/^warning inventory unknown: the count of users/));
    expect(c.out()).toContain('Undeclared: 0 groups, unknown users');
  });

  it('shows a count throttled past its retries as unknown', async () => {
    await control(emu, 'faults', { spec: '429:1', tenantId: CONTOSO, path: '/v1.0/groups/$count' });
    const w = workDir([folder()]);
    const { tenants } = await loadTenants({ dir: w.dir, repoRoot: w.root, kinds });
    // The real client stack, its retry waits skipped: the emulator answers 429 to every attempt.
    const tp = (await planRun({ tenants, clientsFor: () => clientsFor(emu), kinds })).tenants[0]!;
    expect(tp.status).toBe('in_sync');
    expect(tp.inventory?.counts).toEqual({ users: 3, groups: null });
    expect(tp.inventory?.unknown?.[0]).toMatch(/^the count of groups: .*429/);
  });

  it('lists every undeclared object by name in the drift report, privileged ones first', async () => {
    await portalGlobalAdmin('bob@contoso.com');
    const w = workDir([folder()]);
    const out = join(w.root, 'drift');
    expect(await runDrift({ dir: w.dir, tenant: ['contoso'], emulator: emu.url, outDir: out }, cli().deps)).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as DriftReport;
    const inv = report.tenants[0]!.inventory!;
    expect(inv.privileged).toEqual([{ role: 'Global Administrator', principal: 'user:bob@contoso.com', scope: 'directory' }]);
    expect(inv.objects?.users?.map((o) => o.address)).toEqual(['user:bob@contoso.com', 'user:admin@contoso.onmicrosoft.com', 'user:olduser@contoso.com']);
    expect(inv.objects?.users?.[0]).toEqual({ address: 'user:bob@contoso.com', displayName: 'Bob Berg', privileged: true });
    expect(inv.counts).toEqual({ users: 3, groups: 0 });
    const md = readFileSync(join(out, 'drift.md'), 'utf8');
    expect(md).toContain('- Privileged: user:bob@contoso.com holds Global Administrator');
    expect(md).toContain('Undeclared users (3)');
    expect(md).toContain('- `user:bob@contoso.com` Bob Berg **privileged**');
    const html = readFileSync(join(out, 'drift.html'), 'utf8');
    expect(html).toContain('<b>Privileged</b>: user:bob@contoso.com holds Global Administrator');
    expect(html).toContain('<li>user:bob@contoso.com (Bob Berg) [privileged]</li>');
  });

  it('matches declarations in any case; names a role-assignable group holder; counts only declared objects found live', async () => {
    await portalGlobalAdmin('bob@contoso.com');
    // Only a role-assignable group can hold a directory role (Graph answers 400 otherwise).
    const created = (await control(emu, `tenants/${CONTOSO}/changes`, {
      actor: { userPrincipalName: 'admin@contoso.onmicrosoft.com' },
      requests: [{ method: 'POST', url: '/groups', body: { displayName: 'Admins', mailNickname: 'admins', mailEnabled: false, securityEnabled: true, isAssignableToRole: true } }],
    })) as { responses: { body: { id: string } }[] };
    const admins = created.responses[0]!.body.id;
    // Made in the portal a while before the plan: replicated (eventual consistency is on in the emulator).
    emu.state.clock.advance(60_000);
    await portalChange(emu, CONTOSO, [{ method: 'POST', url: '/roleManagement/directory/roleAssignments', body: { roleDefinitionId: GLOBAL_ADMIN, principalId: admins, directoryScopeId: '/' } }]);
    const w = workDir([contoso({
      users: [
        // Bob's role declared in another case; erin declared but not yet created (no live object to match).
        { userPrincipalName: 'BOB@Contoso.com', displayName: 'Bob Berg', roles: ['global administrator'] },
        { userPrincipalName: 'erin@contoso.com', displayName: 'Erin Ek' },
        { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', roles: ['Helpdesk Administrator'] },
      ],
    })]);
    const file = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: file }, cli().deps)).toBe(0);
    const tp = (await readPlanFile(file)).tenants[0]!;
    expect(tp.inventory?.privileged).toEqual([{ role: 'Global Administrator', principal: 'group:admins', scope: 'directory' }]);
    // 5 live users (dave is in the recycle bin, not counted) less bob and carol, found live; erin is not live yet.
    expect(tp.inventory?.counts).toEqual({ users: 3, groups: 2 });
  });
});
