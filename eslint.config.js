import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering. Product code never imports the emulator (src/emulator may import product code, e.g. the role catalogue,
// never the other way round), kinds never import the engine that runs them, and the core vocabulary in
// src/plan/types.ts sits below kinds, config and the plan's policy so that no import climbs. test/ and src/bench are
// harnesses around the emulator and are not restricted. The rule's presence is itself tested (test/lint/).
const NO_EMULATOR = {
  group: ['**/emulator/**'],
  message: 'product code must not import the emulator (src/emulator); move what both need into product code (e.g. src/catalog).',
};
const NO_ENGINE = { group: ['**/engine/**'], message: 'kinds must not import the engine (src/engine); move what both need into src/kinds.' };
const NO_KINDS = { group: ['**/kinds/**'], message: 'this layer sits below the kinds; share types through src/plan/types.ts.' };
const PLAN_TYPES_ONLY = {
  group: ['**/plan/**', '!**/plan/types.js'],
  message: 'below the plan only its core vocabulary is shared: import src/plan/types.ts.',
};

const restrict = (...patterns) => ['error', { patterns }];
// no-restricted-imports sees static imports only; a lazy `import('…/emulator/…')` is caught here.
const NO_LAZY_EMULATOR = [
  'error',
  {
    selector: 'ImportExpression[source.value=/emulator\\u002F/]',
    message: 'product code must not import the emulator (src/emulator), lazily or not.',
  },
];

const PRODUCT = ['src/kinds', 'src/engine', 'src/clients', 'src/config', 'src/plan', 'src/report', 'src/cli', 'src/catalog', 'src/util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tenantform/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Options do not merge across blocks (the last matching block wins), so each block lists every pattern it needs.
  {
    files: PRODUCT.map((dir) => `${dir}/**/*.ts`),
    rules: { 'no-restricted-imports': restrict(NO_EMULATOR), 'no-restricted-syntax': NO_LAZY_EMULATOR },
  },
  { files: ['src/kinds/**/*.ts'], rules: { 'no-restricted-imports': restrict(NO_EMULATOR, NO_ENGINE, PLAN_TYPES_ONLY) } },
  {
    files: ['src/config/**/*.ts', 'src/clients/**/*.ts', 'src/catalog/**/*.ts', 'src/util/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(NO_EMULATOR, NO_KINDS, NO_ENGINE, PLAN_TYPES_ONLY) },
  },
  { files: ['src/plan/**/*.ts'], rules: { 'no-restricted-imports': restrict(NO_EMULATOR, NO_KINDS, NO_ENGINE) } },
  // `--emulator` without a URL starts the built-in emulator in-process: the one lazy import of it, so that a run
  // against real tenants never loads it. Static imports of the emulator stay refused here.
  { files: ['src/cli/connect.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // The `emulator` command is the emulator's own entry point.
  { files: ['src/cli/emulator.ts'], rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' } },
);
