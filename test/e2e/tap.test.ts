// A first sign-in for new hires, through the built CLI against the emulator over HTTP. Microsoft's pages:
// microsoft-graph-docs-contrib api-reference/v1.0/api/authentication-post-temporaryaccesspassmethods.md (the pass is
// returned only by the create) and temporaryaccesspassauthenticationmethodconfiguration-get.md (the policy's state).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armor, Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { Plan } from '../../src/plan/types.js';
import { cliEstate } from '../support/estates.js';
import { writeFolder } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';
import { runBuilt, type Run } from '../support/cli.js';

const tenantform = (cwd: string, args: string[]): Promise<Run> => runBuilt(cwd, args);

const UPN = 'newhire@contoso.com';

function seeded(state: 'enabled' | 'disabled'): SeedDocument {
  const s = cliEstate();
  s.tenants[0]!.authenticationMethodsPolicy = { temporaryAccessPass: { state, maximumLifetimeInMinutes: 480 } };
  return s;
}

function workspace(recipient: string): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-tap-'));
  const dir = join(root, 'tenants');
  writeFolder(dir, {
    name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections: {
      users: [{ userPrincipalName: UPN, displayName: 'New Hire', temporaryAccessPass: { recipient, lifetimeInMinutes: 480, isUsableOnce: true } }],
    },
  });
  return { root, dir };
}

describe('temporary access pass for a new user', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('is delivered only encrypted to the recipient, is in no output, and is not issued again', { timeout: 90_000 }, async () => {
    emu = await startEmulator({ seed: seeded('enabled') });
    const identity = await generateIdentity();
    const { root, dir } = workspace(await identityToRecipient(identity));
    const planFile = join(root, 'plan.json');
    const log = join(root, 'apply.jsonl');
    const secrets = join(root, 'secrets');
    const plan = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--out', planFile, '--debug']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/\+ tap:newhire@contoso\.com[\s\S]*temporaryAccessPass: \(sensitive\)/);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    const change = saved.tenants[0]!.changes.find((c) => c.kind === 'temporary-access-pass');
    expect(change?.fields).toContainEqual({ path: 'temporaryAccessPass', sensitive: true });

    const apply = await tenantform(root, ['apply', planFile, '--auto-approve', '--dir', dir, '--emulator', emu.url, '--log', log, '--secrets-dir', secrets, '--debug']);
    expect(apply.code).toBe(0);
    const file = join(secrets, 'contoso', `${UPN}.tap.age`);
    expect(apply.stdout).toContain(`temporary access pass encrypted to ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const d = new Decrypter();
    d.addIdentity(identity);
    const pass = await d.decrypt(armor.decode(readFileSync(file, 'utf8')), 'text');
    const tenant = emu.state.tenants.get(CONTOSO)!;
    const userId = tenant.upnIndex.get(UPN)!;
    const stored = (tenant.ext.authenticationMethods as { passes: Record<string, { passSha256: string; lifetimeInMinutes: number; isUsableOnce: boolean }> }).passes[userId]!;
    expect(createHash('sha256').update(pass).digest('hex')).toBe(stored.passSha256);
    expect(stored).toMatchObject({ lifetimeInMinutes: 480, isUsableOnce: true });

    const replan = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--detailed-exitcode']);
    expect(replan.code).toBe(0);
    expect(replan.stdout).not.toContain('tap:');

    const outputs = [plan.stdout, plan.stderr, apply.stdout, apply.stderr, replan.stdout, replan.stderr, readFileSync(planFile, 'utf8'), readFileSync(log, 'utf8'), readFileSync(file, 'utf8')];
    expect(apply.stderr).toContain('[debug]');
    expect(pass.length).toBeGreaterThanOrEqual(8);
    for (const text of outputs) expect(text.includes(pass)).toBe(false);
  });

  it('refuses the plan when the tenant policy disables Temporary Access Pass, naming the policy and the way to enable it', { timeout: 60_000 }, async () => {
    emu = await startEmulator({ seed: seeded('disabled') });
    const { root, dir } = workspace(await identityToRecipient(await generateIdentity()));
    const plan = await tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url]);
    expect(plan.code).toBe(1);
    const text = plan.stdout + plan.stderr;
    expect(text).toContain('authentication methods policy "TemporaryAccessPass" is disabled');
    expect(text).toContain('{"state": "enabled"}');
  });

  it('validate refuses a malformed recipient at file:line:col, before any request', async () => {
    const { root, dir } = workspace('age1notavalidkey');
    const run = await tenantform(root, ['validate', '--dir', dir]);
    expect(run.code).toBe(1);
    const text = run.stdout + run.stderr;
    const yaml = readFileSync(join(dir, 'contoso', 'tenant.yaml'), 'utf8').split('\n');
    const line = yaml.findIndex((l) => l.includes('recipient:')) + 1;
    const col = yaml[line - 1]!.indexOf('recipient:') + 1;
    expect(text).toContain(`tenant.yaml:${line}:${col}`);
    expect(text).toContain('is not a valid age public key');
    expect(existsSync(join(root, '.tenantform'))).toBe(false);
  });
});
