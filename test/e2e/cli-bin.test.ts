// The built CLI as a user runs it: `node dist/cli/main.js plan --emulator URL` in a tenants repository, with a client
// secret in the environment: stdout, exit codes, and no secret or token in anything it prints, even with --debug.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { tenantformApp } from '../support/access.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { cliEstate } from '../support/estates.js';
import { contoso, fabrikam, workDir } from '../support/folders.js';
import { CONTOSO, PARTNER } from '../support/seed.js';
import { runBuilt, type Run } from '../support/cli.js';

const SECRET = 'Sup3r-s3cret~value.0123456789';
const CLIENT_ID = '0e2e0e2e-0000-4000-8000-000000000001';

const tenantform = (cwd: string, args: string[], extra: Record<string, string> = {}): Promise<Run> =>
  runBuilt(cwd, args, { ...extra, AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: PARTNER, AZURE_CLIENT_SECRET: SECRET });

describe('the built CLI against a running emulator', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    // dist/ is built once by the suite's globalSetup (test/support/build-once.ts), never by a test.
    // The app the environment names, registered in the partner tenant and consented with tenantform's grants.
    emu = await startEmulator({ seed: withApp(cliEstate(), { ...tenantformApp(), clientId: CLIENT_ID, clientSecret: SECRET }) });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('prints the plan, exits 2/0/1 as documented, and never prints the secret or a token', { timeout: 60_000 }, async () => {
    const w = workDir([contoso(), fabrikam()]);
    const changes = await tenantform(w.root, ['plan', '--emulator', emu.url, '--detailed-exitcode', '--out', 'plan.json', '--debug']);
    expect(changes.code).toBe(2);
    expect(changes.stdout).toContain(`Tenant contoso (${CONTOSO}): changes`);
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

  it('reports each tenant on stderr as it finishes, keeps JSON stdout clean, and colours as NO_COLOR, FORCE_COLOR and --no-color say', { timeout: 60_000 }, async () => {
    const w = workDir([contoso(), fabrikam()]);
    const json = await tenantform(w.root, ['plan', '--emulator', emu.url, '--format', 'json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { tenants: unknown[] }).tenants).toHaveLength(2);
    const lines = json.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.replace(/^tenantform: plan \[\d\/2\] (\w+): .*$/, '$1')).sort()).toEqual(['contoso', 'fabrikam']);
    expect(json.stderr).toMatch(/^tenantform: plan \[\d\/2\] contoso: changes \(\d+ changes\) in \d+\.\ds$/m);
    expect(json.stderr).toMatch(/^tenantform: plan \[\d\/2\] fabrikam: in sync in \d+\.\ds$/m);

    const ESC = '\u001b[';
    const plan = (extra: Record<string, string>, flags: string[] = []) => tenantform(w.root, ['plan', '--emulator', emu.url, ...flags], extra);
    expect((await plan({})).stdout).not.toContain(ESC);
    const forced = await plan({ FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(`${ESC}32m+${ESC}39m user:erin@contoso.com`);
    expect(forced.stderr).toContain(`${ESC}32min sync${ESC}39m`);
    expect((await plan({ FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).toContain(ESC);
    for (const off of [await plan({ NO_COLOR: '1' }), await plan({ FORCE_COLOR: '1' }, ['--no-color'])]) {
      expect(off.stdout + off.stderr).not.toContain(ESC);
      expect(off.stdout).toContain('Tenant contoso (');
    }
  });
});
