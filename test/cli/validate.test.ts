// `tenantform validate`: the three output formats and the exit codes, on fixture repositories; one run of the built CLI.
import { execFile } from 'node:child_process';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { runValidate, type Io, type ValidateOptions } from '../../src/cli/validate.js';
import { CLI_MAIN } from '../support/examples.js';
import { NOW, Repo } from '../support/folders.js';

let repo: Repo;
beforeEach(() => {
  repo = new Repo().tenant('contoso').tenant('fabrikam', {}, 2);
});
afterEach(() => repo.remove());

async function run(opts: ValidateOptions = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { stdout: (t) => (out += t), stderr: (t) => (err += t) };
  const code = await runValidate({ dir: `${repo.root}/tenants`, repoRoot: repo.root, now: NOW, ...opts }, io);
  const prefix = `${relative(process.cwd(), repo.root)}/`;
  return { code, out: out.split(prefix).join(''), err };
}

/** An error in contoso (schema), a warning in fabrikam (cross-check). */
function breakContoso(): void {
  repo.write('tenants/contoso/users.yaml', 'users:\n  - userPrincipalName: alice@contoso.com\n    usageLocation: Sweden\n');
  repo.write(
    'tenants/fabrikam/policy.yaml',
    'policy:\n  ignore:\n    - { address: "user:alice@fabrikam.com", reason: "HR, payroll: sync", expires: 2026-01-01 }\n',
  );
}

test('valid tenants: exit 0 and a one-line summary', async () => {
  expect(await run()).toEqual({ code: 0, out: '2 tenants valid\n', err: '' });
});

test('text: path:line:col: message, warnings marked, exit 1 on errors', async () => {
  breakContoso();
  const { code, out } = await run();
  expect(code).toBe(1);
  expect(out).toBe(
    [
      'tenants/contoso/users.yaml:3:5: users[0].usageLocation: must be a two-letter country code',
      'tenants/fabrikam/policy.yaml:3:74: warning: policy.ignore[0].expires: ignore rule for "user:alice@fabrikam.com" expired on 2026-01-01; drift on it is reported again',
      '1 error, 1 warning; 1 tenant valid',
      '',
    ].join('\n'),
  );
});

test('warnings alone exit 0', async () => {
  repo.write('tenants/fabrikam/policy.yaml', 'policy:\n  ignore: [{ address: "user:x@fabrikam.com", reason: r, expires: 2020-01-01 }]\n');
  const { code, out } = await run({ tenant: ['fab*'] });
  expect(code).toBe(0);
  expect(out.split('\n').at(-2)).toBe('0 errors, 1 warning; 1 tenant valid');
});

test('json: the diagnostics array as data', async () => {
  breakContoso();
  const { code, out } = await run({ format: 'json' });
  expect(code).toBe(1);
  const parsed = JSON.parse(out) as Array<Record<string, unknown>>;
  expect(parsed.map((d) => ({ ...d, file: String(d.file).slice(String(d.file).indexOf('tenants/')) }))).toEqual([
    {
      severity: 'error',
      summary: 'users[0].usageLocation: must be a two-letter country code',
      file: 'tenants/contoso/users.yaml',
      line: 3,
      column: 5,
      path: 'users[0].usageLocation',
    },
    {
      severity: 'warning',
      summary: 'policy.ignore[0].expires: ignore rule for "user:alice@fabrikam.com" expired on 2026-01-01; drift on it is reported again',
      file: 'tenants/fabrikam/policy.yaml',
      line: 3,
      column: 74,
      path: 'policy.ignore[0].expires',
    },
  ]);
});

test('github: workflow annotations with escaped data', async () => {
  breakContoso();
  repo.tenant('northwind', { users: [{ userPrincipalName: 'a@northwind.com', '50%': 'x' }] }, 3);
  const { code, out } = await run({ format: 'github', tenant: ['contoso', 'fabrikam', 'north*'] });
  expect(code).toBe(1);
  expect(out.split('\n').filter((l) => l.startsWith('::'))).toEqual([
    '::error file=tenants/contoso/users.yaml,line=3,col=5::users[0].usageLocation: must be a two-letter country code',
    '::warning file=tenants/fabrikam/policy.yaml,line=3,col=74::policy.ignore[0].expires: ignore rule for "user:alice@fabrikam.com" expired on 2026-01-01; drift on it is reported again',
    '::error file=tenants/northwind/tenant.yaml,line=9,col=5::users[0].50%25: unknown key "50%25"',
  ]);
});

test('a --tenant pattern that matches nothing is an error', async () => {
  const { code, out } = await run({ tenant: ['northwind'] });
  expect(code).toBe(1);
  expect(out).toBe('tenants: no tenant folder matches "northwind"\n1 error, 0 warnings; 0 tenants valid\n');
});

// dist/ is built once by the suite's globalSetup (test/support/build-once.ts); the CLI runs in the fixture repository.
test('the built CLI validates, with exit code and GitHub annotations', async () => {
  const node = (...args: string[]) => promisify(execFile)('node', [CLI_MAIN, 'validate', '--dir', `${repo.root}/tenants`, ...args], { cwd: repo.root });
  expect((await node('--tenant', 'fab*')).stdout).toBe('1 tenant valid\n');
  breakContoso();
  const failure = await node('--format', 'github').then(() => undefined, (e: { code: number; stdout: string }) => e);
  expect(failure?.code).toBe(1);
  expect(failure?.stdout).toContain('users.yaml,line=3,col=5::users[0].usageLocation: must be a two-letter country code');
});
