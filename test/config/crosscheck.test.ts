// The cross-checks that need the whole merged tenant, each asserted at its exact location and message.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { Repo } from '../support/folders.js';

let repo: Repo;
beforeEach(() => {
  repo = new Repo().tenant('contoso');
});
afterEach(() => repo.remove());

const file = (name: string, text: string) => repo.write(`tenants/contoso/${name}`, text);

test('duplicate userPrincipalName, case-insensitively', async () => {
  file('users.yaml', 'users:\n  - userPrincipalName: Alice@contoso.com\n  - userPrincipalName: alice@CONTOSO.com\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso/users.yaml:3:5: users[1]: duplicate userPrincipalName "alice@CONTOSO.com" (first declared at users[0])',
  ]);
});

test('duplicate mailNickname', async () => {
  file('groups.yaml', 'groups:\n  - mailNickname: finance\n  - mailNickname: sales\n  - mailNickname: Finance\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso/groups.yaml:4:5: groups[2]: duplicate mailNickname "Finance" (first declared at groups[0])',
  ]);
});

test('duplicate mailbox address', async () => {
  file('mailboxes.yaml', 'mailboxes:\n  - address: info@contoso.com\n    type: shared\n  - address: INFO@contoso.com\n    type: shared\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso/mailboxes.yaml:4:5: mailboxes[1]: duplicate mailbox address "INFO@contoso.com" (first declared at mailboxes[0])',
  ]);
});

test('duplicate GDAP relationship name', async () => {
  const rel = '    - displayName: contoso-helpdesk\n      duration: P730D\n      roles: [Helpdesk Administrator]\n';
  file('partner.yaml', `partner:\n  gdap:\n${rel}${rel}`);
  expect(await repo.messages()).toEqual([
    'tenants/contoso/partner.yaml:6:7: partner.gdap[1]: duplicate GDAP relationship displayName "contoso-helpdesk" (first declared at partner.gdap[0])',
  ]);
});

test('references to undeclared users and groups, unless external', async () => {
  file(
    'users.yaml',
    'users:\n  - userPrincipalName: alice@contoso.com\n    manager: bob@contoso.com\n' +
      '  - userPrincipalName: carol@contoso.com\n    external: true\n',
  );
  file(
    'groups.yaml',
    'groups:\n  - mailNickname: finance\n    members: [alice@contoso.com, carol@contoso.com, group:controllers, auditor@kpmg.example.com]\n',
  );
  expect(await repo.messages()).toEqual([
    'tenants/contoso/groups.yaml:3:53: groups[0].members[2]: refers to group "controllers", which is not declared under groups',
    'tenants/contoso/users.yaml:3:5: users[0].manager: refers to "bob@contoso.com", which is not declared under users (declare it, or mark it external: true)',
  ]);
});

test('a reference to a user declared absent', async () => {
  file('users.yaml', 'users:\n  - userPrincipalName: old@contoso.com\n    ensure: absent\n');
  file('groups.yaml', 'groups:\n  - mailNickname: staff\n    owners: [old@contoso.com]\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso/groups.yaml:3:14: groups[0].owners[0]: refers to user "old@contoso.com", which is declared with ensure: absent',
  ]);
});

test('a licensed user without usageLocation, directly or through a licensed group', async () => {
  file(
    'users.yaml',
    'users:\n  - userPrincipalName: alice@contoso.com\n    licenses: [{ sku: SPE_E3 }]\n  - userPrincipalName: bob@contoso.com\n',
  );
  file('groups.yaml', 'groups:\n  - mailNickname: e3\n    members: [bob@contoso.com]\n    licenses: [{ sku: SPE_E3 }]\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso/users.yaml:2:5: users[0]: user "alice@contoso.com" has licenses but no usageLocation',
    'tenants/contoso/users.yaml:4:5: users[1]: user "bob@contoso.com" is licensed through group "e3" but has no usageLocation',
  ]);
});

test('UPN and mailbox domains must be tenant domains', async () => {
  file('users.yaml', 'users:\n  - userPrincipalName: alice@contoso.se\n');
  file('mailboxes.yaml', 'mailboxes:\n  - address: info@contoso.com\n    aliases: [hello@contoso.co.uk]\n');
  expect(await repo.messages()).toEqual([
    "tenants/contoso/mailboxes.yaml:3:15: mailboxes[0].aliases[0]: domain of \"hello@contoso.co.uk\" is not one of the tenant's domains (contoso.com, contoso.onmicrosoft.com)",
    "tenants/contoso/users.yaml:2:5: users[0].userPrincipalName: domain of \"alice@contoso.se\" is not one of the tenant's domains (contoso.com, contoso.onmicrosoft.com)",
  ]);
});

test('the folder name must equal tenant.name', async () => {
  repo.write('tenants/fabrikam/tenant.yaml', 'tenant:\n  name: fabrikam-ab\n  tenantId: 6b1a3c6e-0000-4000-8000-000000000009\n  domains: [fabrikam.com]\n');
  expect(await repo.messages(['fabrikam'])).toEqual([
    'tenants/fabrikam/tenant.yaml:2:3: tenant.name: tenant name "fabrikam-ab" differs from its folder name "fabrikam"',
  ]);
});

test('one tenantId in two folders', async () => {
  repo.write('tenants/contoso-old/tenant.yaml', 'tenant:\n  name: contoso-old\n  tenantId: 6B1A3C6E-0000-4000-8000-000000000001\n  domains: [contoso-old.com]\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso-old/tenant.yaml:3:3: tenant.tenantId: 6B1A3C6E-0000-4000-8000-000000000001 is also the tenantId of tenant "contoso" (tenants/contoso/tenant.yaml:3:3)',
  ]);
});

test('malformed GUIDs', async () => {
  repo.write('tenants/bad/tenant.yaml', 'tenant:\n  name: bad\n  tenantId: 6b1a3c6e-0000-4000-8000-00000000001\n  domains: [bad.com]\n');
  file('azure.yaml', 'azure:\n  subscriptions:\n    - id: not-a-guid\n');
  expect(await repo.messages()).toEqual([
    'tenants/bad/tenant.yaml:3:3: tenant.tenantId: must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
    'tenants/contoso/azure.yaml:3:7: azure.subscriptions[0].id: must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
  ]);
});

test('a dynamic group with static members', async () => {
  file('users.yaml', 'users:\n  - userPrincipalName: alice@contoso.com\n');
  file(
    'groups.yaml',
    'groups:\n  - mailNickname: sales\n    membershipRule: user.department -eq "Sales"\n    members: [alice@contoso.com]\n',
  );
  expect(await repo.messages()).toEqual([
    'tenants/contoso/groups.yaml:4:5: groups[0].members: group "sales" is dynamic (membershipRule); it cannot list static members',
  ]);
});

test('a protected object with ensure: absent', async () => {
  file('users.yaml', 'users:\n  - userPrincipalName: breakglass@contoso.onmicrosoft.com\n    ensure: absent\n');
  file('groups.yaml', 'groups:\n  - mailNickname: all-staff\n    ensure: absent\n');
  file('policy.yaml', 'policy:\n  protected: [breakglass@contoso.onmicrosoft.com, group:all-staff]\n');
  expect(await repo.messages()).toEqual([
    'tenants/contoso/groups.yaml:3:5: groups[0].ensure: "group:all-staff" is protected (policy.protected) and cannot be ensure: absent',
    'tenants/contoso/users.yaml:3:5: users[0].ensure: "breakglass@contoso.onmicrosoft.com" is protected (policy.protected) and cannot be ensure: absent',
  ]);
});

test('an expired ignore rule is a warning, and the tenant still loads', async () => {
  file(
    'policy.yaml',
    'policy:\n  ignore:\n    - address: user:ceo@contoso.com\n      fields: [jobTitle]\n      reason: set by HR\n      expires: 2026-06-30\n' +
      '    - address: user:cfo@contoso.com\n      reason: migration\n      expires: 2027-06-30\n',
  );
  const result = await repo.load();
  expect(result.tenants.map((t) => t.name)).toEqual(['contoso']);
  expect(await repo.messages()).toEqual([
    'warning: tenants/contoso/policy.yaml:6:7: policy.ignore[0].expires: ignore rule for "user:ceo@contoso.com" expired on 2026-06-30; drift on it is reported again',
  ]);
});

test('a tenant with errors is left out of the result, the others load', async () => {
  repo.tenant('fabrikam', {}, 2);
  file('users.yaml', 'users:\n  - userPrincipalName: alice@elsewhere.com\n');
  const result = await repo.load();
  expect(result.tenants.map((t) => t.name)).toEqual(['fabrikam']);
  expect(result.diagnostics).toHaveLength(1);
});
