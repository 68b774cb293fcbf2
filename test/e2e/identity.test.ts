// Identity is decided once, in the reconcile core: each case runs `tenantform plan` against the emulator and checks
// the plan a partner would review, never a guess between two live objects or a second object for one key.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/cli/plan.js';
import { runValidate } from '../../src/cli/validate.js';
import { loadTenants } from '../../src/config/index.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument, SeedTenant } from '../../src/emulator/seed.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { kinds } from '../../src/kinds/index.js';
import { withTenantform } from '../support/access.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { type Folder, workDir } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function planOf(change: (t: SeedTenant) => void, sections: Folder['sections']): Promise<{ tp: TenantPlan; out: string }> {
  const doc: SeedDocument = cliEstate();
  change(doc.tenants.find((t) => t.tenantId === CONTOSO)!);
  emu = await startEmulator({ seed: withTenantform(doc) });
  const w = workDir([{ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com', 'contoso.onmicrosoft.com'], sections }]);
  const c = cli();
  const file = join(w.root, 'plan.json');
  await runPlan({ dir: w.dir, emulator: emu.url, out: file }, c.deps);
  if (!existsSync(file)) throw new Error(`no plan was saved: ${c.err()}`);
  const plan = await readPlanFile(file);
  return { tp: plan.tenants[0]!, out: c.out() };
}

const errors = (tp: TenantPlan): string[] => tp.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);

describe('identity in the reconcile core', () => {
  it('refuses to guess between two live groups with one mailNickname, naming both', async () => {
    const { tp } = await planOf(
      (t) => t.groups!.push({ id: 'f1f1f1f1-0000-4000-8000-000000000002', displayName: 'Finance (old)', mailNickname: 'finance' }),
      { groups: [{ mailNickname: 'finance', displayName: 'Finance', description: 'Money' }] },
    );
    expect(tp.status).toBe('error');
    expect(errors(tp).join('\n')).toMatch(/group:finance: 2 live objects have this key \(ids .*f1f1f1f1-0000-4000-8000-000000000002.*\); tenantform will not guess/);
    expect(tp.changes.filter((c) => c.address === 'group:finance')).toEqual([]);
  });

  it('refuses to pick one of two deleted users to restore', async () => {
    const { tp } = await planOf(
      (t) => t.deletedUsers!.push({ id: '0d0d0d0d-0000-4000-8000-00000000d0d1', userPrincipalName: 'dave@contoso.com', displayName: 'Dave Again' }),
      { users: [{ userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl' }] },
    );
    expect(errors(tp).join('\n')).toMatch(/user:dave@contoso\.com: 2 deleted objects in the recycle bin have this key/);
    expect(tp.changes.some((c) => c.address === 'user:dave@contoso.com')).toBe(false);
  });

  it('refuses a group whose type changed to one the service cannot convert, instead of creating a second group', async () => {
    const { tp } = await planOf(
      (t) => t.groups!.push({ displayName: 'Sales', mailNickname: 'sales', type: 'microsoft365' }),
      { groups: [{ mailNickname: 'sales', displayName: 'Sales', type: 'mailEnabledSecurity' }] },
    );
    expect(tp.status).toBe('error');
    expect(errors(tp).join('\n')).toContain('group:sales is a microsoft365 group in the tenant but mailEnabledSecurity in the YAML; it cannot be converted in place');
  });

  it('never prunes the account of a declared shared mailbox, nor a guest', async () => {
    const { tp } = await planOf(
      (t) => {
        t.mailboxes = [...(t.mailboxes ?? []), { address: 'support@contoso.com', type: 'shared', displayName: 'Support' }];
        t.users!.push({ userPrincipalName: 'gail_fabrikam.com#EXT#@contoso.onmicrosoft.com', displayName: 'Gail', userType: 'Guest' });
      },
      {
        users: ['admin@contoso.onmicrosoft.com', 'alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com'].map((u) => ({ userPrincipalName: u })),
        mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
        policy: { prune: { users: true } },
      },
    );
    const deletes = tp.changes.filter((c) => c.kind === 'user' && c.action === 'delete').map((c) => c.address);
    expect(deletes).toEqual(['user:olduser@contoso.com']);
  });

  it('treats a directory-synced user as read-only: no change to synced attributes, no delete, not pruned', async () => {
    const synced = (t: SeedTenant) => t.users!.push({ userPrincipalName: 'sam@contoso.com', displayName: 'Sam Synced', jobTitle: 'Clerk', onPremisesSyncEnabled: true });
    const changed = await planOf(synced, { users: [{ userPrincipalName: 'sam@contoso.com', jobTitle: 'Lead' }] });
    expect(errors(changed.tp).join('\n')).toContain('user:sam@contoso.com: cannot change jobTitle: the user is synced from on-premises Active Directory');
    await emu?.close();
    const absent = await planOf(synced, { users: [{ userPrincipalName: 'sam@contoso.com', ensure: 'absent' }] });
    expect(errors(absent.tp).join('\n')).toContain('user:sam@contoso.com: cannot delete it');
    await emu?.close();
    const pruned = await planOf(synced, { users: [{ userPrincipalName: 'sam@contoso.com', usageLocation: 'SE' }], policy: { prune: { users: true } } });
    expect(pruned.tp.changes.map((c) => `${c.action} ${c.address}`)).not.toContain('delete user:sam@contoso.com');
    expect(pruned.tp.changes.find((c) => c.address === 'user:sam@contoso.com')?.fields.map((f) => f.path)).toEqual(['usageLocation']);
  });

  it('reads YAML keys in NFC and refuses invisible characters at validate, with file, line and column', async () => {
    const w = workDir([]);
    const folder = join(w.dir, 'contoso');
    mkdirSync(folder, { recursive: true });
    const zwsp = 'ali\u200Bce@contoso.com';
    writeFileSync(join(folder, 'tenant.yaml'), `tenant: { name: contoso, tenantId: ${CONTOSO}, domains: [contoso.com] }\nusers:\n  - userPrincipalName: ${zwsp}\n    displayName: Alice\n`);
    let printed = '';
    const io = { stdout: (t: string) => (printed += t), stderr: (t: string) => (printed += t) };
    expect(await runValidate({ dir: w.dir, repoRoot: w.root }, io)).toBe(1);
    expect(printed).toMatch(/tenant\.yaml:3:\d+: .*invisible character U\+200B/);
  });

  it('loads a name typed in decomposed Unicode (NFD) as the composed form (NFC) the services store', async () => {
    const w = workDir([]);
    const folder = join(w.dir, 'contoso');
    mkdirSync(folder, { recursive: true });
    const nfd = 'Jose\u0301 Mu\u0308ller';
    writeFileSync(join(folder, 'tenant.yaml'), `tenant: { name: contoso, tenantId: ${CONTOSO}, domains: [contoso.com] }\ngroups:\n  - { mailNickname: finance, displayName: "${nfd}" }\n`);
    const { tenants, diagnostics } = await loadTenants({ dir: w.dir, kinds });
    expect(diagnostics).toEqual([]);
    const name = tenants[0]?.config.groups?.[0]?.displayName;
    expect(name).toBe('Jos\u00e9 M\u00fcller');
    expect(name).not.toBe(nfd);
  });
});
