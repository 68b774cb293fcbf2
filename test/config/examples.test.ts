// The example tenants in tenants/ are what the README and the demo use: they must validate clean and, together,
// exercise every part of the model.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadTenants } from '../../src/config/index.js';
import type { TenantConfig } from '../../src/config/model.js';
import { copyExamples, EXAMPLE_TENANTS } from '../support/examples.js';
import { kinds } from '../../src/kinds/index.js';
import { NOW } from '../support/folders.js';

const examples = copyExamples();
afterAll(() => examples.remove());
const load = () => loadTenants({ dir: examples.dir, repoRoot: examples.root, now: NOW, kinds });

test('the examples validate with no errors and no warnings', async () => {
  const { tenants, diagnostics } = await load();
  expect(diagnostics).toEqual([]);
  expect(tenants.map((t) => t.name)).toEqual([...EXAMPLE_TENANTS]);
});

test('every example file names its schema, and the schema exists', () => {
  expect(examples.files).toContain('tenants/_baselines/smb.yaml');
  for (const f of examples.files.map((rel) => join(examples.root, rel))) {
    const first = readFileSync(f, 'utf8').split('\n')[0] ?? '';
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m, f).not.toBeNull();
    expect(existsSync(resolve(dirname(f), m?.[1] ?? '')), f).toBe(true);
  }
});

test('the examples are the estate described in the brief, and use every kind of the model', async () => {
  const byName = new Map((await load()).tenants.map((t) => [t.name, t.config]));
  const all = [...byName.values()];
  const nw = byName.get('northwind-law') as TenantConfig;
  const fab = byName.get('fabrikam-logistics') as TenantConfig;
  const cd = byName.get('contoso-dental') as TenantConfig;
  expect(nw.users?.filter((u) => u.licenses?.some((l) => l.sku === 'SPB'))).toHaveLength(10);
  expect(fab.users).toHaveLength(61);
  expect(fab.azure?.subscriptions?.[0]?.id).toBe('2c6f7a1e-0000-4000-8000-00000000a002');
  expect(cd.partner?.gdap?.[0]?.displayName).toBe('contoso-dental-helpdesk');
  expect(cd.partner?.adminLink?.partnerId).toBe('4711001');
  expect(cd.partner?.seats).toEqual([{ offer: 'Microsoft 365 Business Standard', sku: 'O365_BUSINESS_PREMIUM', quantity: 20 }]);
  expect(nw.users?.some((u) => u.userPrincipalName === 'breakglass@northwindlaw.onmicrosoft.com')).toBe(true);

  const users = all.flatMap((c) => c.users ?? []);
  const groups = all.flatMap((c) => c.groups ?? []);
  const mailboxes = all.flatMap((c) => c.mailboxes ?? []);
  expect(users.some((u) => u.licenses?.some((l) => l.disabledPlans?.length))).toBe(true);
  expect(users.some((u) => u.manager) && users.some((u) => u.roles?.length) && users.some((u) => u.accountEnabled === false)).toBe(true);
  expect(new Set(groups.map((g) => g.type))).toEqual(new Set(['security', 'microsoft365', 'mailEnabledSecurity', 'distribution']));
  expect(groups.some((g) => g.membershipRule) && groups.some((g) => g.licenses?.length)).toBe(true);
  const restrictions = groups.map((g) => g.deliveryRestrictions ?? {});
  expect(restrictions.some((r) => r.acceptFrom) && restrictions.some((r) => r.rejectFrom)).toBe(true);
  expect(restrictions.some((r) => r.requireAuthenticatedSenders)).toBe(true);
  expect(new Set(mailboxes.map((m) => m.type))).toEqual(new Set(['user', 'shared', 'room', 'equipment']));
  for (const key of ['aliases', 'forwarding', 'limits', 'protocols', 'archive', 'litigationHold', 'calendar', 'autoReply', 'room'] as const) {
    expect(mailboxes.some((m) => m[key] !== undefined), key).toBe(true);
  }
  const permissions = mailboxes.map((m) => m.permissions ?? {});
  expect(permissions.some((p) => p.fullAccess) && permissions.some((p) => p.sendAs) && permissions.some((p) => p.sendOnBehalf)).toBe(true);
  expect(all.some((c) => c.contacts?.length)).toBe(true);
  const assignments = fab.azure?.subscriptions?.[0]?.roleAssignments ?? [];
  expect(assignments.some((a) => !a.scope) && assignments.some((a) => a.scope?.startsWith('/resourceGroups/'))).toBe(true);
  const policies = all.map((c) => c.policy ?? {});
  expect(policies.every((p) => p.maxDeletes !== undefined && p.protected?.length)).toBe(true);
  expect(policies.some((p) => Object.values(p.prune ?? {}).includes(true))).toBe(true);
  const ignore = policies.flatMap((p) => p.ignore ?? []);
  expect(ignore.length).toBeGreaterThan(0);
  expect(ignore.every((r) => r.reason && r.expires && r.expires > NOW.toISOString().slice(0, 10))).toBe(true);
});
