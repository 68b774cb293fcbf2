// What export tells a newcomer: a "Check it with" line that works as printed, a schema modeline that resolves from
// where the files are, and --force leaving the folder's YAML exactly the export. Through runExport and runPlan
// against an emulator over HTTP; every file goes to a temp folder.
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/common.js';
import { cli } from '../support/cli.js';
import { NOW } from '../support/folders.js';
import { runExport, schemaRefFrom } from '../../src/cli/export.js';
import { runPlan } from '../../src/cli/plan.js';
import { SCHEMAS_DIR } from '../../src/config/schema.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';

/** Litware, the one customer these tests export. */
const LITWARE = '6b1a3c6e-0000-4000-8000-0000000000c1';

let emu: RunningEmulator;
let root: string;
let out = '';
let err = '';

const deps = (): CliDeps => cli({ now: () => NOW, sink: { out: (t) => (out += t), err: (t) => (err += t) } }).deps;

beforeAll(async () => {
  emu = await startEmulator({
    seed: { tenants: [{ tenantId: LITWARE, displayName: 'Litware', domains: ['litware.com'], skus: [], users: [{ userPrincipalName: 'ann@litware.com', displayName: 'Ann' }] }] },
  });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tenantform-export-newcomer-'));
  await mkdir(join(root, '.git'));
  out = '';
  err = '';
  return () => rm(root, { recursive: true, force: true });
});

const lastLine = () => out.trimEnd().split('\n').at(-1);

it('prints a check line that works as printed when --out is not named after the tenant', async () => {
  const target = join(root, 'export-litware');
  expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir: join(root, 'tenants'), out: target, emulator: emu.url }, deps())).toBe(0);
  expect(lastLine()).toBe(`Check it with: mv ${target} ${join(root, 'litware')} && tenantform plan --dir ${root} --tenant litware --emulator ${emu.url}   (a tenant's folder is named after it)`);
  await rename(target, join(root, 'litware'));
  expect(await runPlan({ dir: root, tenant: ['litware'], emulator: emu.url, detailedExitcode: true }, deps())).toBe(0);
  expect(err).toBe('');
});

it('names the folder holding the tenant folder, and the emulator export used', async () => {
  const dir = join(root, 'tenants');
  expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir, emulator: emu.url }, deps())).toBe(0);
  expect(lastLine()).toBe(`Check it with: tenantform plan --dir ${dir} --tenant litware --emulator ${emu.url}`);
  expect(await runPlan({ dir, tenant: ['litware'], emulator: emu.url, detailedExitcode: true }, deps())).toBe(0);
});

it('says to cd where plan would refuse the folder as outside the repository', async () => {
  const bare = await mkdtemp(join(tmpdir(), 'tenantform-export-norepo-'));
  try {
    expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir: root, out: join(bare, 'litware'), emulator: emu.url }, deps())).toBe(0);
    expect(lastLine()).toBe(`Check it with: cd ${bare} && tenantform plan --dir . --tenant litware --emulator ${emu.url}   (plan reads only folders inside the repository or the working folder)`);
  } finally {
    await rm(bare, { recursive: true, force: true });
  }
});

it('writes a schema modeline that resolves from the output folder', async () => {
  const dir = join(root, 'tenants');
  expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir, emulator: emu.url }, deps())).toBe(0);
  // Wherever the repository and the temporary folder sit, the modeline resolves from the folder to the schema.
  const first = (await readFile(join(dir, 'litware', 'users.yaml'), 'utf8')).split('\n')[0] ?? '';
  const ref = first.replace('# yaml-language-server: $schema=', '');
  expect(resolve(join(dir, 'litware'), ref)).toBe(join(SCHEMAS_DIR, 'tenant-document.schema.json'));
  expect(schemaRefFrom(join(SCHEMAS_DIR, '..', 'tenants', 'litware'))).toBe('../../schemas/tenant-document.schema.json');
  expect(schemaRefFrom(join(SCHEMAS_DIR, '..', 'customers', 'eu', 'litware'))).toBe('../../../schemas/tenant-document.schema.json');
});

it('--force replaces the folder\'s YAML: a stale policy.yaml is removed, other files are left and named', async () => {
  const dir = join(root, 'tenants');
  // Not <dir>/litware: export would read the tenant id from that folder, which here holds only the leftovers.
  const folder = join(root, 'exports', 'litware');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'policy.yaml'), 'policy:\n  prune: { users: true }\n');
  await writeFile(join(folder, 'NOTES.md'), 'onboarding notes\n');
  expect(await runExport({ tenant: 'litware', tenantId: LITWARE, dir, out: folder, emulator: emu.url, force: true }, deps())).toBe(0);
  expect(out.split('\n').slice(0, 3)).toEqual([
    `Exported litware (${LITWARE}) to ${folder}: tenant.yaml, sharepoint.yaml, users.yaml`,
    'Removed YAML files this export did not write (--force): policy.yaml',
    'Left as they were (not YAML): NOTES.md',
  ]);
  expect((await readdir(folder)).sort()).toEqual(['NOTES.md', 'sharepoint.yaml', 'tenant.yaml', 'users.yaml']);
});
