// Delta drift: the first drift reads users and groups in full and keeps a versioned snapshot with Graph's delta tokens
// in --state-dir; later drifts read only the changes (concepts/delta-query-overview.md) and still find every drift —
// a changed field, a member removed, a user deleted. A refused token (410, api-reference: concepts/errors.md codes
// syncStateNotFound and resyncRequired) or a damaged file means a full read with a note, never a wrong report.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultStateDir, runDrift } from '../../src/cli/drift.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { DriftReport } from '../../src/report/types.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { control, portalChange } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: cliEstate() });
});
afterEach(async () => {
  await emu.close();
});

const folder = () => contoso({
  users: [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Analyst' },
    { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
    { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson' },
  ],
  groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['bob@contoso.com', 'carol@contoso.com'] }],
});

interface Run { code: number; graph: string[]; report: DriftReport; notes: string[] }

/** One drift of Contoso with --debug: the Graph requests it sent (method and path with query, no host) and its report. */
async function drift(w: { root: string; dir: string }, stateDir: string): Promise<Run> {
  const d = cli();
  const outDir = join(w.root, `out-${Math.random().toString(36).slice(2)}`);
  // --debug writes each request to stderr: captured for the run, so the test sees exactly what was sent.
  let log = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((log += String(chunk)), true));
  let code: number;
  try {
    code = await runDrift({ dir: w.dir, tenant: ['contoso'], emulator: emu.url, outDir, stateDir, debug: true, detailedExitcode: true }, d.deps);
  } finally {
    spy.mockRestore();
  }
  const graph = log.split('\n').flatMap((l) => /^\[debug\] \[graph\] (GET|POST|PATCH) https?:\/\/[^/]+\/v1\.0(\S+)/.exec(l)?.slice(1, 3).join(' ') ?? []);
  const report = JSON.parse(readFileSync(join(outDir, 'drift.json'), 'utf8')) as DriftReport;
  const notes = report.tenants[0]!.diagnostics.map((x) => x.summary);
  return { code, graph, report, notes };
}

const deltaCalls = (r: Run): string[] => r.graph.filter((g) => g.includes('/delta'));
const contosoOf = (r: Run) => r.report.tenants[0]!;

describe('drift with a delta state', () => {
  it('reads in full once, then only the changes, and still finds a changed field, a removed member and a deleted user', async () => {
    const w = workDir([folder()]);
    const state = join(w.root, 'state');
    const first = await drift(w, state);
    expect(first.code).toBe(0);
    expect(deltaCalls(first).map((g) => g.split('?')[0])).toEqual(['GET /users/delta', 'GET /groups/delta']);
    expect(deltaCalls(first).every((g) => !g.includes('$deltatoken'))).toBe(true);

    const again = await drift(w, state);
    expect(again.code).toBe(0);
    // An unchanged tenant: the organization check, one delta page per collection and the inventory's role assignments.
    expect(again.graph.map((g) => g.split('?')[0])).toEqual(['GET /organization', 'GET /users/delta', 'GET /groups/delta', 'GET /roleManagement/directory/roleAssignments']);
    expect(deltaCalls(again).every((g) => g.includes('$deltatoken='))).toBe(true);

    await portalChange(emu, CONTOSO, [
      { method: 'PATCH', url: '/users/alice@contoso.com', body: { jobTitle: 'Portal edit' } },
    ]);
    const groupId = [...emu.state.tenants.get(CONTOSO)!.groups.values()][0]!.id;
    const carolId = emu.state.tenants.get(CONTOSO)!.upnIndex.get('carol@contoso.com')!;
    await portalChange(emu, CONTOSO, [{ method: 'DELETE', url: `/groups/${groupId}/members/${carolId}/$ref` }]);
    await portalChange(emu, CONTOSO, [{ method: 'DELETE', url: '/users/bob@contoso.com' }]);

    const changed = await drift(w, state);
    expect(changed.code).toBe(2);
    const objects = Object.fromEntries(contosoOf(changed).objects.map((o) => [o.address, o.drift]));
    expect(objects).toMatchObject({ 'user:alice@contoso.com': 'changed', 'user:bob@contoso.com': expect.any(String), 'membership:finance': 'changed' });
    expect(deltaCalls(changed).every((g) => g.includes('$deltatoken='))).toBe(true);
  });

  it('keeps a versioned snapshot per tenant that holds no secret and no host, only tokens', async () => {
    const w = workDir([folder()]);
    const state = join(w.root, 'state');
    await drift(w, state);
    expect(readdirSync(state)).toEqual([`${CONTOSO}.json`]);
    const text = readFileSync(join(state, `${CONTOSO}.json`), 'utf8');
    const file = JSON.parse(text) as { format: string; version: number; tenantId: string; users: { deltaToken: string; objects: { userPrincipalName: string }[] } };
    expect(file).toMatchObject({ format: 'tenantform-drift-state', version: 1, tenantId: CONTOSO });
    expect(file.users.objects.map((u) => u.userPrincipalName)).toContain('alice@contoso.com');
    // passwordPolicies is a selected user property (DisablePasswordExpiration, ...), not a password.
    expect(text).not.toMatch(/password(?!Policies)|secret|http:|https:|127\.0\.0\.1|@odata|@removed/i);
  });

  it('an expired token (older than seven days) is refused with 410: that collection is read in full, with a note', async () => {
    const w = workDir([folder()]);
    const state = join(w.root, 'state');
    await drift(w, state);
    await control(emu, 'clock', { advanceMs: 8 * 24 * 3600 * 1000 });
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/users/alice@contoso.com', body: { jobTitle: 'Late edit' } }]);
    const late = await drift(w, state);
    expect(late.code).toBe(2);
    expect(late.notes.filter((n) => n.includes('syncStateNotFound'))).toHaveLength(2);
    expect(deltaCalls(late).filter((g) => !g.includes('$deltatoken'))).toHaveLength(2);
    expect(contosoOf(late).objects.map((o) => o.address)).toEqual(['user:alice@contoso.com']);
    // The full read stored fresh tokens: the next drift is a delta one again, without notes.
    const next = await drift(w, state);
    expect(next.notes).toEqual([]);
    expect(deltaCalls(next).every((g) => g.includes('$deltatoken='))).toBe(true);
  });

  it.each([
    ['not JSON', '{"format": "tenantform-drift-state", '],
    ['another version', JSON.stringify({ format: 'tenantform-drift-state', version: 99, tenantId: CONTOSO })],
    ['another tenant', JSON.stringify({ format: 'tenantform-drift-state', version: 1, tenantId: '00000000-0000-4000-8000-000000000000', users: { deltaToken: 'x', objects: [] }, groups: { deltaToken: 'x', objects: [] } })],
    ['users malformed', JSON.stringify({ format: 'tenantform-drift-state', version: 1, tenantId: CONTOSO, users: { deltaToken: 'x', objects: [{ name: 'no id' }] } })],
  ])('a hand-edited state file (%s) is not trusted: full read with a note naming the file', async (_what, content) => {
    const w = workDir([folder()]);
    const state = join(w.root, 'state');
    await drift(w, state);
    writeFileSync(join(state, `${CONTOSO}.json`), content);
    const r = await drift(w, state);
    expect(r.code).toBe(0);
    expect(r.notes).toEqual([expect.stringContaining(join(state, `${CONTOSO}.json`))]);
    expect(deltaCalls(r).every((g) => !g.includes('$deltatoken'))).toBe(true);
  });

  it('a token Graph cannot read (hand-edited) is 410 resyncRequired: full read, and the drift is still found', async () => {
    const w = workDir([folder()]);
    const state = join(w.root, 'state');
    await drift(w, state);
    const path = join(state, `${CONTOSO}.json`);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { users: { deltaToken: string } };
    file.users.deltaToken = 'tampered';
    writeFileSync(path, JSON.stringify(file));
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/users/alice@contoso.com', body: { jobTitle: 'Portal edit' } }]);
    const r = await drift(w, state);
    expect(r.code).toBe(2);
    expect(r.notes).toEqual([expect.stringContaining('resyncRequired')]);
    expect(contosoOf(r).objects.map((o) => o.address)).toEqual(['user:alice@contoso.com']);
  });

  it('reads only what the YAML needs: a tenant without groups never reads groups, and its users stay delta', async () => {
    const w = workDir([contoso({ users: [{ userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' }] })]);
    const state = join(w.root, 'state');
    const first = await drift(w, state);
    expect(deltaCalls(first).map((g) => g.split('?')[0])).toEqual(['GET /users/delta']);
    const again = await drift(w, state);
    expect(deltaCalls(again)).toEqual([expect.stringContaining('GET /users/delta?$deltatoken=')]);
    expect(again.notes).toEqual([]);
  });

  it('by default the state sits in .tenantform/drift beside the tenants folder, not in the working directory', () => {
    const w = workDir([folder()]);
    expect(defaultStateDir(w.dir)).toBe(join(w.root, '.tenantform', 'drift'));
    expect(existsSync(join(process.cwd(), '.tenantform', 'drift'))).toBe(false);
  });
});
