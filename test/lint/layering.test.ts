// The layering rules in eslint.config.js, asserted through ESLint's own API on small snippets, so that dropping or
// loosening a rule fails here rather than letting product code quietly import the emulator or a kind the engine.
// Nothing is written: lintText lints a string as if it lived at `filePath`.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYER_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: 'eslint.config.js' });
});

interface Found { rule: string | null; message: string }

/** Every message for `code` linted as the file `filePath` (relative to the repository). */
async function lint(filePath: string, code: string): Promise<Found[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

const layering = async (filePath: string, code: string): Promise<Found[]> =>
  (await lint(filePath, code)).filter((m) => m.rule !== null && LAYER_RULES.has(m.rule));

const staticImport = (from: string): string => `import { x } from '${from}';\nexport const y = x;\n`;
const lazyImport = (from: string): string => `export const load = async (): Promise<unknown> => import('${from}');\n`;

describe('product code may not import the emulator', () => {
  it.each([
    ['src/kinds/gdap/model.ts', '../../emulator/graph/roles.js'],
    ['src/kinds/shared/graph.ts', '../../emulator/index.js'],
    ['src/engine/run.ts', '../emulator/index.js'],
    ['src/clients/graph.ts', '../emulator/server.js'],
    ['src/config/loader.ts', '../emulator/seed.js'],
    ['src/plan/assemble.ts', '../emulator/state.js'],
    ['src/report/build.ts', '../emulator/index.js'],
    ['src/cli/plan.ts', '../emulator/index.js'],
    ['src/catalog/entra-roles.ts', '../emulator/graph/roles.js'],
  ])('%s importing %s is an error', async (file, from) => {
    const found = await layering(file, staticImport(from));
    expect(found).toEqual([expect.objectContaining({ rule: 'no-restricted-imports', message: expect.stringMatching(/must not import the emulator/) })]);
  });

  it('a type-only import of the emulator is refused too', async () => {
    const found = await layering('src/engine/apply.ts', "import type { SeedDocument } from '../emulator/seed.js';\nexport type S = SeedDocument;\n");
    expect(found.map((m) => m.rule)).toEqual(['no-restricted-imports']);
  });

  it('a lazy import() of the emulator is an error outside cli/connect.ts', async () => {
    expect((await layering('src/engine/run.ts', lazyImport('../emulator/index.js'))).map((m) => m.rule)).toEqual(['no-restricted-syntax']);
    expect((await layering('src/cli/plan.ts', lazyImport('../emulator/index.js'))).map((m) => m.rule)).toEqual(['no-restricted-syntax']);
  });

  it('cli/connect.ts may start the built-in emulator lazily, but not import it statically', async () => {
    expect(await layering('src/cli/connect.ts', lazyImport('../emulator/index.js'))).toEqual([]);
    expect((await layering('src/cli/connect.ts', staticImport('../emulator/index.js'))).map((m) => m.rule)).toEqual(['no-restricted-imports']);
  });

  it('the emulator command, the emulator itself, the benchmarks and tests may import it', async () => {
    expect(await layering('src/cli/emulator.ts', staticImport('../emulator/index.js'))).toEqual([]);
    expect(await layering('src/emulator/graph/gdap.ts', staticImport('./roles.js'))).toEqual([]);
    expect(await layering('src/bench/emulator.ts', staticImport('../emulator/index.js'))).toEqual([]);
    expect(await layering('test/emulator/smoke.test.ts', staticImport('../../src/emulator/index.js'))).toEqual([]);
  });

  it('the emulator may import product code (the role catalogue)', async () => {
    expect(await layering('src/emulator/graph/roles.ts', staticImport('../../catalog/entra-roles.js'))).toEqual([]);
  });

  it('a cli module named emulator.js is not the emulator', async () => {
    expect(await layering('src/cli/main.ts', staticImport('./emulator.js'))).toEqual([]);
  });
});

describe('no import climbs', () => {
  it('kinds may not import the engine', async () => {
    const found = await layering('src/kinds/permissions.ts', staticImport('../engine/read.js'));
    expect(found).toEqual([expect.objectContaining({ rule: 'no-restricted-imports', message: expect.stringMatching(/kinds must not import the engine/) })]);
    expect((await layering('src/kinds/user/diff.ts', staticImport('../../engine/apply.js'))).map((m) => m.rule)).toEqual(['no-restricted-imports']);
  });

  it('kinds share only the core vocabulary of the plan', async () => {
    expect(await layering('src/kinds/user/diff.ts', staticImport('../../plan/types.js'))).toEqual([]);
    expect((await layering('src/kinds/user/diff.ts', staticImport('../../plan/policy.js'))).map((m) => m.rule)).toEqual(['no-restricted-imports']);
  });

  it('the plan, config and clients may not import kinds or the engine', async () => {
    for (const [file, from] of [
      ['src/plan/guardrails.ts', '../kinds/contract.js'],
      ['src/plan/assemble.ts', '../engine/run.js'],
      ['src/config/loader.ts', '../kinds/index.js'],
      ['src/clients/graph.ts', '../engine/read.js'],
      ['src/catalog/entra-roles.ts', '../kinds/contract.js'],
    ] as const) {
      expect((await layering(file, staticImport(from))).map((m) => m.rule), `${file} → ${from}`).toEqual(['no-restricted-imports']);
    }
  });

  it('downward imports are clean', async () => {
    const code = [
      "import type { Diagnostic } from '../../plan/types.js';",
      "import type { TenantConfig } from '../../config/model.js';",
      "import type { GraphApi } from '../../clients/types.js';",
      "import { findEntraRole } from '../../catalog/entra-roles.js';",
      "import type { Kind } from '../contract.js';",
      'export const f = (_c: TenantConfig, _g: GraphApi, _k: Kind, d: Diagnostic): boolean => Boolean(findEntraRole(d.summary));',
      '',
    ].join('\n');
    expect(await lint('src/kinds/gdap/model.ts', code)).toEqual([]);
    expect(await lint('src/engine/run.ts', "import type { Kind } from '../kinds/contract.js';\nexport type K = Kind;\n")).toEqual([]);
  });
});
