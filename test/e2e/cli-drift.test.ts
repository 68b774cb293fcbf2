// `tenantform drift` against the emulator: an admin's portal change shows up with the field, the desired and live
// values, the admin and the time from the directory audit log; Partner Center customers without a folder are
// unlinked, and a folder whose tenant is not a customer is flagged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDrift } from '../../src/cli/drift.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { DriftReport } from '../../src/report/types.js';
import { withTenantform } from '../support/access.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, fabrikam, workDir } from '../support/folders.js';
import { portalChange } from '../support/http.js';
import { ADMIN, CONTOSO, FABRIKAM, NORTHWIND } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: withTenantform(cliEstate()) });
});
afterEach(async () => {
  await emu.close();
});

/** Contoso as seeded: in sync before anyone touches it. */
const inSync = () => contoso({
  users: [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Analyst' },
    { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
    { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson' },
  ],
  groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['bob@contoso.com', 'carol@contoso.com'] }],
});

describe('drift command', () => {
  it('names the drifted field, desired and live values, the admin and the time; lists unlinked customers', async () => {
    const w = workDir([inSync(), fabrikam()]);
    const clean = cli();
    expect(await runDrift({ dir: w.dir, emulator: emu.url, outDir: join(w.root, 'clean'), detailedExitcode: true }, clean.deps)).toBe(0);

    const started = new Date().toISOString().slice(0, 19);
    await portalChange(emu, CONTOSO, [
      { method: 'PATCH', url: '/users/alice@contoso.com', body: { jobTitle: 'Portal edit' } },
    ]);
    const out = join(w.root, 'drift');
    const d = cli();
    expect(await runDrift({ dir: w.dir, emulator: emu.url, outDir: out, detailedExitcode: true }, d.deps)).toBe(2);
    expect(d.err()).toBe('');
    expect(d.out()).toContain('Drift: 3 tenants — 1 in sync, 1 drifted (1 objects), 0 errored, 1 unlinked.');

    const report = JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as DriftReport;
    const c = report.tenants.find((t) => t.name === 'contoso')!;
    expect(c.status).toBe('drifted');
    expect(c.objects).toMatchObject([{ address: 'user:alice@contoso.com', drift: 'changed', fields: [{ path: 'jobTitle', desired: 'Analyst', live: 'Portal edit' }] }]);
    const facts = c.objects[0]!.facts!;
    expect(facts).toMatchObject({ actor: ADMIN, activity: 'Update user' });
    expect(facts.time! >= started).toBe(true);

    expect(report.tenants.find((t) => t.tenantId === NORTHWIND)).toMatchObject({ name: 'Northwind Traders', status: 'unlinked' });
    const fab = report.tenants.find((t) => t.name === 'fabrikam')!;
    expect(fab.status).toBe('in_sync');
    expect(fab.diagnostics.map((x) => x.summary)).toContain(`tenant ${FABRIKAM} is not a customer of the partner in Partner Center`);

    const md = readFileSync(join(out, 'drift.md'), 'utf8');
    // The object links to the line of its YAML that declares it (into GitHub when run in Actions, else relative).
    const source = c.objects[0]!.source!;
    expect(source.file.endsWith(join('contoso', 'tenant.yaml'))).toBe(true);
    expect(readFileSync(join(w.root, 'tenants', 'contoso', 'tenant.yaml'), 'utf8').split('\n')[source.line - 1]).toContain('userPrincipalName: alice@contoso.com');
    expect(md).toContain(`| \`user:alice@contoso.com\` [tenant.yaml:${source.line}](`);
    expect(md).toContain(`| \`jobTitle\` | \`"Analyst"\` | \`"Portal edit"\` | ${ADMIN} at ${facts.time} (Update user) |`);
    expect(md).toContain('Partner Center customer Northwind Traders (northwind.com) has no folder under tenants/');
    expect(md).toContain(`tenant ${FABRIKAM} is not a customer of the partner`);
    expect(readFileSync(join(out, 'drift.html'), 'utf8')).toContain('data-tenant="Northwind Traders" data-status="unlinked"');
  });

  it('leaves tenant links out when only some tenants are selected', async () => {
    const w = workDir([inSync(), fabrikam()]);
    const d = cli();
    expect(await runDrift({ dir: w.dir, tenant: ['contoso'], emulator: emu.url, outDir: join(w.root, 'd'), detailedExitcode: true }, d.deps)).toBe(0);
    const report = JSON.parse(readFileSync(join(w.root, 'd', 'drift.json'), 'utf8')) as DriftReport;
    expect(report.tenants.map((t) => t.name)).toEqual(['contoso']);
  });
});
