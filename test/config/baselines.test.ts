// Baselines: merged first, tenant values win, keyed lists merge by key, placeholders resolve per tenant, and every
// merged value keeps the position of the file it came from.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { Repo } from '../support/folders.js';

let repo: Repo;
beforeEach(() => {
  repo = new Repo();
  repo.write(
    'tenants/_baselines/smb.yaml',
    `users:
  - userPrincipalName: breakglass@\${tenant.initialDomain}
    displayName: Break Glass
    usageLocation: SE
    roles: [Global Administrator]
groups:
  - mailNickname: all-staff
    displayName: All Staff
    type: microsoft365
    owners: ['breakglass@\${tenant.initialDomain}']
    licenses: [{ sku: SPB, disabledPlans: [YAMMER_ENTERPRISE] }]
mailboxes:
  - address: info@\${tenant.primaryDomain}
    type: shared
    displayName: \${tenant.name} info
policy:
  protected: ['breakglass@\${tenant.initialDomain}']
  maxDeletes: 5
  prune: { users: false, groups: true }
`,
  );
});
afterEach(() => repo.remove());

test('tenant values win, keyed lists merge by key, placeholders are per tenant', async () => {
  repo.write(
    'tenants/contoso/tenant.yaml',
    `tenant:
  name: contoso
  tenantId: 6b1a3c6e-0000-4000-8000-000000000001
  primaryDomain: contoso.se
  domains: [contoso.onmicrosoft.com, contoso.se]
extends: [../_baselines/smb.yaml]
policy:
  protected: [group:all-staff]
  maxDeletes: 10
groups:
  - mailNickname: all-staff
    displayName: Alla på Contoso
    licenses: [{ sku: SPB }, { sku: EXCHANGESTANDARD }]
`,
  );
  repo.tenant('fabrikam', { extends: ['../_baselines/smb.yaml'] }, 2);
  const { tenants, diagnostics } = await repo.load();
  expect(diagnostics).toEqual([]);
  const [contoso, fabrikam] = tenants;
  expect(contoso?.config.policy).toEqual({
    protected: ['breakglass@contoso.onmicrosoft.com', 'group:all-staff'],
    maxDeletes: 10,
    prune: { users: false, groups: true },
  });
  expect(contoso?.config.groups).toEqual([
    {
      mailNickname: 'all-staff',
      displayName: 'Alla på Contoso',
      type: 'microsoft365',
      owners: ['breakglass@contoso.onmicrosoft.com'],
      licenses: [{ sku: 'SPB', disabledPlans: ['YAMMER_ENTERPRISE'] }, { sku: 'EXCHANGESTANDARD' }],
    },
  ]);
  expect(contoso?.config.mailboxes?.[0]).toMatchObject({ address: 'info@contoso.se', displayName: 'contoso info' });
  expect(Object.keys(contoso?.config ?? {})).not.toContain('extends');
  expect(fabrikam?.config.users?.[0]?.userPrincipalName).toBe('breakglass@fabrikam.onmicrosoft.com');
  expect(fabrikam?.config.mailboxes?.[0]?.address).toBe('info@fabrikam.com');
  expect(fabrikam?.config.policy?.maxDeletes).toBe(5);
  expect(contoso?.files.map((f) => f.slice(f.indexOf('tenants/')))).toEqual([
    'tenants/_baselines/smb.yaml',
    'tenants/contoso/tenant.yaml',
  ]);
});

test('positions point into the file each merged value came from', async () => {
  repo.write(
    'tenants/contoso/tenant.yaml',
    `tenant:
  name: contoso
  tenantId: 6b1a3c6e-0000-4000-8000-000000000001
  domains: [contoso.com, contoso.onmicrosoft.com]
extends: [../_baselines/smb.yaml]
groups:
  - mailNickname: all-staff
    displayName: Everyone
`,
  );
  const [contoso] = (await repo.load()).tenants;
  const at = (path: string) => {
    const p = contoso?.locate(path);
    return p && `${p.file.slice(p.file.indexOf('tenants/'))}:${p.line}:${p.column}`;
  };
  expect(at('groups[0].displayName')).toBe('tenants/contoso/tenant.yaml:8:5');
  expect(at('groups[0].licenses[0].sku')).toBe('tenants/_baselines/smb.yaml:11:18');
  expect(at('users[0].roles')).toBe('tenants/_baselines/smb.yaml:5:5');
  expect(at('policy.maxDeletes')).toBe('tenants/_baselines/smb.yaml:18:3');
});

test('a baseline error is reported in the baseline, once for all tenants that extend it', async () => {
  repo.write('tenants/_baselines/smb.yaml', 'users:\n  - userPrincipalName: breakglass@${tenant.initialDomain}\n    usageLocation: se\n');
  repo.tenant('contoso', { extends: ['../_baselines/smb.yaml'] }, 1);
  repo.tenant('fabrikam', { extends: ['../_baselines/smb.yaml'] }, 2);
  expect(await repo.messages()).toEqual([
    'tenants/_baselines/smb.yaml:3:5: users[0].usageLocation: must be a two-letter country code',
  ]);
});

test('an unknown placeholder is an error at the baseline value', async () => {
  repo.write('tenants/_baselines/smb.yaml', 'mailboxes:\n  - address: info@${tenant.domain}\n    type: shared\n');
  repo.tenant('contoso', { extends: ['../_baselines/smb.yaml'] });
  expect(await repo.messages()).toEqual([
    'tenants/_baselines/smb.yaml:2:5: unknown placeholder ${tenant.domain} (known: ${tenant.name}, ${tenant.tenantId}, ${tenant.primaryDomain}, ${tenant.initialDomain})',
  ]);
});
