// connect() for real: credentials from the environment, and the built-in emulator reached over HTTP on 127.0.0.1 with
// the demo seed and the example tenants (the organization read checks each tenant id).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, ConnectError, EMULATOR_STATE } from '../../src/cli/connect.js';
import { runPlan } from '../../src/cli/plan.js';
import { copyExamples } from '../support/examples.js';
import { kinds } from '../../src/kinds/index.js';
import { captureDeps } from '../support/cli.js';

const home = process.cwd();

afterEach(() => {
  process.chdir(home);
});

describe('connect', () => {
  it('without credentials or --emulator says what to set', async () => {
    const error = await connect({ env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toMatch(/^no credentials: set AZURE_CLIENT_ID .*--emulator/);
  });

  it('rejects a half-configured environment with the missing variable named', async () => {
    const error = await connect({ env: { AZURE_CLIENT_ID: 'app' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toContain('neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH');
  });

  it('--emulator starts the built-in emulator from the demo seed, keeps its state, and plans over HTTP', async () => {
    // The command keeps its state in .tenantform/ and seeds from emulator/ under its cwd: a temporary repository.
    const work = copyExamples(undefined, { emulator: true }).root;
    process.chdir(work);
    // The registered kinds, which describe the examples' sections; the demo seed holds drift, so there are changes.
    const ok = captureDeps(kinds);
    ok.deps.connect = connect;
    expect(await runPlan({ dir: join(work, 'tenants'), emulator: true, detailedExitcode: true }, ok.deps)).toBe(2);
    expect(ok.err()).toBe('');
    expect(ok.out()).toMatch(/3 tenants: \d with changes, \d in sync, 0 errored/);
    expect(existsSync(join(work, EMULATOR_STATE))).toBe(true);

    // The YAML now names a tenant the emulator does not know: sign-in fails as Entra ID's would, exit 1.
    const file = join(work, 'tenants/northwind-law/tenant.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('3f2c9a7e-0001-4000-8000-000000000001', '3f2c9a7e-0009-4000-8000-000000000009'));
    const bad = captureDeps(kinds);
    bad.deps.connect = connect;
    expect(await runPlan({ dir: join(work, 'tenants'), emulator: true, tenant: ['northwind-law'] }, bad.deps)).toBe(1);
    expect(bad.out()).toMatch(/Tenant northwind-law .*: error/);
    expect(bad.out()).toContain("AADSTS90002: Tenant '3f2c9a7e-0009-4000-8000-000000000009' not found");
  });
});
