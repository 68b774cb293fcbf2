// copyExamples is the only way tests reach the example tenants: it copies exactly the folders a test names (and the
// baselines they extend), so a new folder in tenants/ changes nothing a test sees. A scan of the test sources keeps
// other tests from reading the working tree's tenants/ directly, or from building dist/ themselves.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTenants } from '../../src/config/index.js';
import { copyExamples, EXAMPLE_TENANTS, type ExampleRepo } from './examples.js';
import { REPO_ROOT } from './examples.js';
import { kinds } from '../../src/kinds/index.js';

let copies: ExampleRepo[] = [];
const copy = (...args: Parameters<typeof copyExamples>) => {
  const c = copyExamples(...args);
  copies.push(c);
  return c;
};
afterEach(() => {
  for (const c of copies) c.remove();
  copies = [];
});

describe('copyExamples', () => {
  it('copies only the named tenant folders, plus the baselines they extend', () => {
    const c = copy(['northwind-law']);
    expect(c.root.startsWith(REPO_ROOT)).toBe(false);
    expect(readdirSync(c.dir).sort()).toEqual(['_baselines', 'northwind-law']);
    expect(readdirSync(join(c.dir, 'northwind-law')).sort()).toEqual(readdirSync(join(REPO_ROOT, 'tenants/northwind-law')).sort());
    expect(c.files.filter((f) => f.startsWith('tenants/_baselines/'))).toEqual(['tenants/_baselines/secure-smb.yaml', 'tenants/_baselines/smb.yaml']);
    expect(existsSync(join(c.root, 'emulator'))).toBe(false);
  });

  it('copies no baseline for a tenant that extends none', () => {
    const c = copy(['contoso-dental']);
    expect(readdirSync(c.dir)).toEqual(['contoso-dental']);
  });

  it('copies every example tenant by default, never any other folder of tenants/', () => {
    const c = copy();
    expect(readdirSync(c.dir).filter((d) => !d.startsWith('_')).sort()).toEqual([...EXAMPLE_TENANTS]);
  });

  it('gives a repository the loader accepts: examples validate clean in the copy', async () => {
    const c = copy(['fabrikam-logistics'], { emulator: true });
    expect(existsSync(join(c.root, 'emulator/demo-seed.yaml'))).toBe(true);
    const { tenants, diagnostics } = await loadTenants({ dir: c.dir, repoRoot: c.root, kinds });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(tenants.map((t) => t.name)).toEqual(['fabrikam-logistics']);
    expect(tenants[0]!.files.every((f) => !relative(c.root, f).startsWith('..'))).toBe(true);
  });

  it('refuses a name that is not an example tenant folder', () => {
    expect(() => copyExamples(['no-such-tenant'])).toThrow(/"no-such-tenant" is not an example tenant folder/);
    expect(() => copyExamples(['_baselines'])).toThrow(/not an example tenant folder/);
  });
});

// Reads of tenants/ relative to the cwd (the checkout, when vitest runs): `dir: 'tenants'`, `readdirSync('tenants')`,
// `'--dir', 'tenants'`, `join(process.cwd(), 'tenants')`. Tests use copyExamples, or build their own fixture repository.
// (A LoadedTenant literal's `dir: 'tenants/contoso'` is a label, not a read, and is allowed.)
const DIRECT = [
  /(?:dir:\s*|'--dir',\s*)['"`](?:\.\/)?tenants['"`]/,
  /(?:readdirSync|readFileSync|existsSync|readdir|readFile)\(\s*['"`](?:\.\/)?tenants['"`/]/,
  /(?:process\.cwd\(\)|resolve\(\s*['"]\.['"]\s*\)|REPO_ROOT)\s*,\s*['"`](?:\.\/)?tenants\b/,
];

function* testSources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testSources(path);
    else if (entry.name.endsWith('.ts') && (dir.includes(`${REPO_ROOT}/test`) || entry.name.endsWith('.test.ts'))) yield path;
  }
}

/** Every line of the test sources (under test/, and the .test.ts files under src/) that matches one of the patterns, as file:line: text. */
function scan(patterns: RegExp[]): string[] {
  const self = new Set(['test/support/examples.ts', 'test/support/examples.test.ts', 'test/support/global-setup.ts']);
  const offenders: string[] = [];
  for (const file of [...testSources(join(REPO_ROOT, 'test')), ...testSources(join(REPO_ROOT, 'src'))]) {
    const rel = relative(REPO_ROOT, file);
    if (self.has(rel)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (patterns.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  return offenders;
}

it('no test reads the working tree\'s tenants/ except through copyExamples', () => {
  expect(scan(DIRECT)).toEqual([]);
});

it('no test builds dist/: the globalSetup builds it once, before any test runs the CLI', () => {
  expect(scan([/['"]run['"],\s*['"]build['"]/, /tsconfig\.build\.json/, /\btypescript\/bin\/tsc\b/])).toEqual([]);
});
