// The leaver's rewrite at load time: what every kind then sees, where its diagnostics point, and the YAML it refuses.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTenants } from '../../src/config/index.js';
import { kinds } from '../../src/kinds/index.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const HEAD = `tenant: { name: contoso, tenantId: 6b1a3c6e-0000-4000-8000-000000000001, domains: [contoso.com] }
`;

async function load(yaml: string) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tenantform-leaver-')));
  roots.push(root);
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'tenants', 'contoso'), { recursive: true });
  writeFileSync(join(root, 'tenants', 'contoso', 'tenant.yaml'), HEAD + yaml);
  const result = await loadTenants({ dir: join(root, 'tenants'), repoRoot: root, now: new Date('2026-12-01T10:00:00Z'), kinds });
  const lines = (HEAD + yaml).split('\n');
  /** 1-based line and column of the first line containing `text`. */
  const at = (text: string) => {
    const i = lines.findIndex((l) => l.includes(text));
    return { line: i + 1, column: (lines[i] as string).indexOf(text) + 1 };
  };
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return { result, at, errors, tenant: result.tenants[0] };
}

const LEAVER = `users:
  - userPrincipalName: alice@contoso.com
    displayName: Alice
    usageLocation: SE
    manager: bob@contoso.com
    licenses: [{ sku: SPE_E3 }]
    lifecycle:
      state: leaver
      since: 2026-11-30
      autoReply: Alice has left; please write to bob@contoso.com.
      keepGroups: [alumni]
  - { userPrincipalName: bob@contoso.com, displayName: Bob }
groups:
  - { mailNickname: finance, displayName: Finance, members: [user:ALICE@Contoso.com, bob@contoso.com] }
  - { mailNickname: alumni, displayName: Alumni, members: [alice@contoso.com] }
`;

describe('a leaver rewrites the desired state where it is loaded', () => {
  it('disables the user, drops its licenses and groups except the kept ones, and declares its shared mailbox', async () => {
    const { tenant, errors, at } = await load(LEAVER);
    expect(errors).toEqual([]);
    const c = tenant!.config;
    expect(c.users?.[0]).toMatchObject({ accountEnabled: false, licenses: [] });
    // The member was written in another case and with a prefix: it is the same user.
    expect(c.groups?.find((g) => g.mailNickname === 'finance')?.members).toEqual(['bob@contoso.com']);
    expect(c.groups?.find((g) => g.mailNickname === 'alumni')?.members).toEqual(['alice@contoso.com']);
    expect(c.mailboxes).toEqual([{
      address: 'alice@contoso.com', type: 'shared', hiddenFromAddressLists: true,
      autoReply: { status: 'enabled', internalMessage: 'Alice has left; please write to bob@contoso.com.', externalMessage: 'Alice has left; please write to bob@contoso.com.', externalAudience: 'all' },
      permissions: { mode: 'additive', fullAccess: [{ user: 'bob@contoso.com', autoMapping: true }] },
    }]);
    // Every rewritten value points at the user's lifecycle: line; the members that stay keep their own.
    const life = at('lifecycle:');
    for (const path of ['mailboxes[0].type', 'mailboxes[0].permissions.fullAccess[0].user', 'users[0].licenses', 'groups[0].members']) {
      expect(tenant!.locate(path)).toMatchObject(life);
    }
    expect(tenant!.locate('groups[0].members[0]')?.line).toBe(at('mailNickname: finance').line);
  });

  it('merges into a declared mailbox entry (any case) instead of declaring a second one, adding the delegate to its FullAccess', async () => {
    const { tenant, errors } = await load(`users:
  - userPrincipalName: alice@contoso.com
    displayName: Alice
    lifecycle: { state: leaver, since: 2026-11-30, delegate: carol@contoso.com }
  - { userPrincipalName: bob@contoso.com, displayName: Bob }
  - { userPrincipalName: carol@contoso.com, displayName: Carol }
mailboxes:
  - address: Alice@Contoso.com
    type: user
    permissions: { fullAccess: [{ user: bob@contoso.com }] }
`);
    expect(errors).toEqual([]);
    expect(tenant!.config.mailboxes).toHaveLength(1);
    expect(tenant!.config.mailboxes?.[0]).toMatchObject({
      address: 'Alice@Contoso.com', type: 'shared', hiddenFromAddressLists: true,
      permissions: { fullAccess: [{ user: 'bob@contoso.com' }, { user: 'carol@contoso.com', autoMapping: true }] },
    });
  });

  it('finds the leaver in a group listed in another Unicode form (NFD) and case', async () => {
    const nfd = 'Jörg@contoso.com'.normalize('NFD');
    const { tenant, errors } = await load(`users:
  - { userPrincipalName: jörg@contoso.com, displayName: Jörg, lifecycle: { state: leaver, since: 2026-11-30, convertMailbox: false } }
  - { userPrincipalName: bob@contoso.com, displayName: Bob }
groups:
  - { mailNickname: finance, displayName: Finance, members: ["${nfd}", bob@contoso.com] }
`);
    expect(errors).toEqual([]);
    expect(tenant!.config.groups?.[0]?.members).toEqual(['bob@contoso.com']);
  });

  it('refuses what it cannot carry out, each at its line', async () => {
    const { errors, at, tenant } = await load(`users:
  - userPrincipalName: alice@contoso.com
    displayName: Alice
    lifecycle: { state: leaver, keepGroups: [finanse] }
groups:
  - { mailNickname: finance, displayName: Finance, members: [alice@contoso.com] }
`);
    expect(tenant).toBeUndefined();
    const where = (d: { line?: number; column?: number } | undefined) => ({ line: d?.line, column: d?.column });
    const find = (text: string) => errors.find((e) => e.summary.includes(text));
    expect(where(find('lifecycle.since is required'))).toEqual(at('lifecycle:'));
    expect(where(find('needs someone with FullAccess'))).toEqual(at('lifecycle:'));
    expect(find('keepGroups names "finanse"')?.line).toBe(at('finanse').line);
    const enabled = await load(`users:
  - userPrincipalName: alice@contoso.com
    displayName: Alice
    accountEnabled: true
    lifecycle: { state: leaver, since: 2026-11-30, convertMailbox: false }
`);
    expect(where(enabled.errors.find((e) => e.summary.includes('remove accountEnabled: true')))).toEqual(enabled.at('accountEnabled:'));
    const external = await load(`users:
  - { userPrincipalName: guest@fabrikam.com, external: true, lifecycle: { state: leaver, since: 2026-11-30, convertMailbox: false } }
`);
    expect(external.errors.map((e) => e.summary).join('\n')).toContain('cannot be a leaver here');
  });

  it('checks the delegate as a reference to a declared user', async () => {
    const { errors, at } = await load(`users:
  - userPrincipalName: alice@contoso.com
    displayName: Alice
    lifecycle:
      state: leaver
      since: 2026-11-30
      delegate: nobody@contoso.com
`);
    const e = errors.find((d) => d.summary.includes('nobody@contoso.com'));
    expect(e?.line).toBe(at('delegate:').line);
  });

  it('leaves the mailbox alone with convertMailbox: false, and refuses a delegate then', async () => {
    const ok = await load(`users:
  - { userPrincipalName: alice@contoso.com, displayName: Alice, lifecycle: { state: leaver, since: 2026-11-30, convertMailbox: false } }
`);
    expect(ok.errors).toEqual([]);
    expect(ok.tenant!.config.mailboxes).toBeUndefined();
    expect(ok.tenant!.config.users?.[0]).toMatchObject({ accountEnabled: false, licenses: [] });
    const bad = await load(`users:
  - { userPrincipalName: bob@contoso.com, displayName: Bob }
  - { userPrincipalName: alice@contoso.com, displayName: Alice, lifecycle: { state: leaver, since: 2026-11-30, convertMailbox: false, delegate: bob@contoso.com } }
`);
    expect(bad.errors.map((e) => e.summary).join('\n')).toContain('delegate and autoReply need the shared mailbox');
  });

  it('refuses a malformed lifecycle by the schema, at its field', async () => {
    const { errors, at } = await load(`users:
  - { userPrincipalName: alice@contoso.com, displayName: Alice, lifecycle: { state: gone, since: 2026-11-30 } }
`);
    expect(errors.some((e) => e.summary.includes('lifecycle.state') && e.line === at('state: gone').line)).toBe(true);
  });
});
