// The built CLI as a user runs it: `node dist/cli/main.js plan --emulator URL` in a tenants repository, with a client
// secret in the environment: stdout, exit codes, and no secret or token in anything it prints, even with --debug.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLI_MAIN as MAIN } from '../support/examples.js';
import { contoso, fabrikam, PARTNER, seed, workDir } from './cli-kit.js';

const SECRET = 'Sup3r-s3cret~value.0123456789';

interface Run { code: number; stdout: string; stderr: string }

async function tenantform(cwd: string, args: string[]): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', AZURE_CLIENT_ID: '0e2e0e2e-0000-4000-8000-000000000001', AZURE_TENANT_ID: PARTNER, AZURE_CLIENT_SECRET: SECRET };
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [MAIN, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the built CLI against a running emulator', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    // dist/ is built once by the suite's globalSetup (test/support/build-once.ts), never by a test.
    emu = await startEmulator({ seed: seed() });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('prints the plan, exits 2/0/1 as documented, and never prints the secret or a token', { timeout: 60_000 }, async () => {
    const w = workDir([contoso(), fabrikam()]);
    const changes = await tenantform(w.root, ['plan', '--emulator', emu.url, '--detailed-exitcode', '--out', 'plan.json', '--debug']);
    expect(changes.code).toBe(2);
    expect(changes.stdout).toContain('Tenant contoso (6b1a3c6e-0000-4000-8000-0000000000c1): changes');
    expect(changes.stdout).toContain('+ passwordProfile.password: (sensitive)');
    expect(changes.stdout).toContain('Overall plan: 7 to add, 4 to change, 3 to destroy.');
    expect(changes.stdout).toContain('Saved the plan to plan.json.');
    expect(changes.stderr).toContain('[debug]');

    const plain = await tenantform(w.root, ['plan', '--emulator', emu.url, '--tenant', 'fabrikam']);
    expect(plain).toMatchObject({ code: 0 });
    expect(plain.stdout).toContain('No changes.');

    const unreachable = await tenantform(w.root, ['plan', '--emulator', 'http://127.0.0.1:9']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toContain('Error: reading the organization failed: login 401 network_error');
    expect(unreachable.stdout).toContain('2 tenants errored; see the errors above.');

    for (const r of [changes, plain, unreachable]) {
      const all = r.stdout + r.stderr;
      expect(all).not.toContain(SECRET);
      expect(all).not.toMatch(/eyJ[\w-]{10,}\.[\w-]+/);
      expect(all).not.toMatch(/client_secret=/i);
    }
  });
});
