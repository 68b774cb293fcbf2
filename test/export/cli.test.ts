// `tenantform export` through runExport with the real connect() to an emulator over HTTP, then `plan` of the result.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliDeps } from '../../src/cli/common.js';
import { cli } from '../support/cli.js';
import { NOW } from '../support/folders.js';
import { matchCustomer, runExport } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { withTenantform } from '../support/access.js';

/** Litware, the one customer these tests export. */
const LITWARE = '6b1a3c6e-0000-4000-8000-0000000000c1';

let emu: RunningEmulator;
let root: string;
let out = '';
let err = '';

const deps = (env: NodeJS.ProcessEnv = {}): CliDeps => cli({ env, now: () => NOW, sink: { out: (t) => (out += t), err: (t) => (err += t) } }).deps;

beforeAll(async () => {
  emu = await startEmulator({
    seed: withTenantform({
      tenants: [{
        tenantId: LITWARE, displayName: 'Litware', domains: ['litware.com'], skus: [],
        users: [{ userPrincipalName: 'ann@litware.com', displayName: 'Ann' }, { userPrincipalName: 'ben@litware.com', displayName: 'Ben', manager: 'ann@litware.com' }],
        groups: [{ displayName: 'Staff', mailNickname: 'staff', members: ['ann@litware.com', 'ben@litware.com'] }],
      }],
    }),
  });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tenantform-export-cli-'));
  // The loader confines tenant folders to the repository they sit in.
  await mkdir(join(root, '.git'));
  out = '';
  err = '';
  return () => rm(root, { recursive: true, force: true });
});

describe('tenantform export', () => {
  it('writes <dir>/<name> for --tenant-id, and plan of that folder reports no changes', async () => {
    const dir = join(root, 'tenants');
    expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir, emulator: emu.url }, deps())).toBe(0);
    expect(err).toBe('');
    expect(out).toContain(`Exported litware (${LITWARE}) to ${join(dir, 'litware')}: tenant.yaml, groups.yaml, sharepoint.yaml, users.yaml`);
    expect((await readdir(join(dir, 'litware'))).sort()).toEqual(['groups.yaml', 'sharepoint.yaml', 'tenant.yaml', 'users.yaml']);
    expect(await readFile(join(dir, 'litware', 'users.yaml'), 'utf8')).toContain('manager: ann@litware.com');

    out = '';
    expect(await runPlan({ dir, tenant: ['litware'], emulator: emu.url, detailedExitcode: true }, deps())).toBe(0);
    expect(err).toBe('');
  });

  it('takes the tenant id from an existing folder and refuses to overwrite it without --force', async () => {
    const dir = join(root, 'tenants');
    expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir, emulator: emu.url }, deps())).toBe(0);
    err = '';
    expect(await runExport({ tenant: 'litware', dir, emulator: emu.url }, deps())).toBe(1);
    expect(err).toMatch(/already holds groups\.yaml, sharepoint\.yaml, tenant\.yaml, users\.yaml; choose another --out or pass --force/);
    expect(await runExport({ tenant: 'litware', dir, emulator: emu.url, force: true }, deps())).toBe(0);
    const other = join(root, 'copy');
    expect(await runExport({ tenant: 'litware', dir, out: other, emulator: emu.url }, deps())).toBe(0);
    // The same content; only the schema modeline differs, being relative to where each copy was written.
    const body = async (file: string): Promise<string> => (await readFile(file, 'utf8')).split('\n').slice(1).join('\n');
    expect(await body(join(other, 'users.yaml'))).toBe(await body(join(dir, 'litware', 'users.yaml')));
  });

  it('explains what is missing instead of guessing', async () => {
    expect(await runExport({ tenant: 'Litware Inc', dir: root, emulator: emu.url }, deps())).toBe(1);
    expect(err).toMatch(/--tenant NAME must be a folder name/);
    err = '';
    expect(await runExport({ tenant: 'litware', tenantId: 'not-a-guid', dir: root, emulator: emu.url }, deps())).toBe(1);
    expect(err).toMatch(/--tenant-id must be a GUID/);
    err = '';
    expect(await runExport({ tenant: 'litware', dir: root, emulator: emu.url }, deps())).toBe(1);
    expect(err).toMatch(/no tenant folder .* and no Partner Center connection .*; pass --tenant-id/);
    err = '';
    expect(await runExport({ tenant: 'litware', tenantId: '6b1a3c6e-0000-4000-8000-0000000000c9', dir: root, emulator: emu.url }, deps())).toBe(1);
    expect(err).toMatch(/export of litware failed: .*tenantId mismatch|export of litware failed/);
  });

  it('finds a tenant without a folder in the partner\'s Partner Center customers', async () => {
    const seed = parse(await readFile('emulator/demo-seed.yaml', 'utf8')) as SeedDocument;
    const demo = await startEmulator({ seed });
    try {
      const dir = join(root, 'tenants');
      const code = await runExport({ tenant: 'contosodental', dir, emulator: demo.url }, deps());
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toContain('Exported contosodental (3f2c9a7e-0003-4000-8000-000000000003)');
      expect(await readFile(join(dir, 'contosodental', 'partner.yaml'), 'utf8')).toContain('displayName: contoso-dental-helpdesk');
      expect(await runPlan({ dir, tenant: ['contosodental'], emulator: demo.url, detailedExitcode: true }, deps())).toBe(0);
      expect(await runExport({ tenant: 'no-such-customer', dir, emulator: demo.url }, deps())).toBe(1);
      expect(err).toMatch(/no customer of the partner matches "no-such-customer": a customer is named by its domain, the domain's first label or its company name in lower case with dashes; `tenantform customers` lists each customer with the names it answers to; or pass --tenant-id/);
    } finally {
      await demo.close();
    }
  });

  it('matches a customer by domain, its first label or the slug of the company name', () => {
    const customers = [
      { id: 'a', companyProfile: { companyName: 'Contoso Dental Group', domain: 'contosodental.onmicrosoft.com' } },
      { id: 'b', companyProfile: { companyName: 'Fabrikam', domain: 'fabrikamlogistics.onmicrosoft.com' } },
    ];
    expect(matchCustomer('contoso-dental-group', customers).map((c) => c.id)).toEqual(['a']);
    expect(matchCustomer('contosodental', customers).map((c) => c.id)).toEqual(['a']);
    expect(matchCustomer('fabrikam', customers).map((c) => c.id)).toEqual(['b']);
    expect(matchCustomer('northwind', customers)).toEqual([]);
  });
});
