// What validate knows offline, said the first time: Exchange permission holders, ISO country codes, Microsoft's
// licensing names, "did you mean" for references, one error per YAML fault, schema and reference errors together,
// and paths counted within the file that holds the item. Each runs `tenantform validate` (runValidate).
import { relative } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { runValidate, type Io } from '../../src/cli/validate.js';
import { NOW, Repo } from '../support/folders.js';

const TENANT = 'tenant:\n  name: acme\n  tenantId: 6b1a3c6e-0000-4000-8000-000000000001\n  domains: [acme.com]\n';

let repo: Repo;
beforeEach(() => {
  repo = new Repo().write('tenants/acme/tenant.yaml', TENANT);
});
afterEach(() => repo.remove());

async function validate(): Promise<{ code: number; lines: string[] }> {
  let out = '';
  const io: Io = { stdout: (t) => (out += t), stderr: (t) => (out += t) };
  const code = await runValidate({ dir: `${repo.root}/tenants`, repoRoot: repo.root, now: NOW }, io);
  return { code, lines: out.split(`${relative(process.cwd(), repo.root)}/`).join('').trimEnd().split('\n') };
}

const USERS = 'users:\n  - { userPrincipalName: wile.coyote@acme.com, displayName: Wile }\n';

test('a mailbox permission for a Microsoft 365 or a security group is refused; a mail-enabled security group passes', async () => {
  repo.write('tenants/acme/users.yaml', USERS);
  repo.write(
    'tenants/acme/groups.yaml',
    'groups:\n  - { mailNickname: team, displayName: Team, type: microsoft365 }\n  - { mailNickname: sec, displayName: Sec }\n' +
      '  - { mailNickname: mesg, displayName: Mesg, type: mailEnabledSecurity, primarySmtpAddress: mesg@acme.com }\n',
  );
  repo.write(
    'tenants/acme/mailboxes.yaml',
    'mailboxes:\n  - address: desk@acme.com\n    type: shared\n    displayName: Desk\n    permissions:\n' +
      '      fullAccess: [{ user: group:team }, { user: group:mesg }]\n      sendAs: [group:sec, mesg@acme.com]\n      sendOnBehalf: [group:team]\n',
  );
  expect(await validate()).toEqual({
    code: 1,
    lines: [
      'tenants/acme/mailboxes.yaml:6:22: mailboxes[0].permissions.fullAccess[0].user: FullAccess cannot be granted to Microsoft 365 group "team": Exchange accepts only mailboxes, mail users and mail-enabled security groups; use a group of type: mailEnabledSecurity',
      'tenants/acme/mailboxes.yaml:7:16: mailboxes[0].permissions.sendAs[0]: SendAs cannot be granted to security group (not mail-enabled) "sec": Exchange accepts only mailboxes, mail users and mail-enabled security groups; use a group of type: mailEnabledSecurity',
      'tenants/acme/mailboxes.yaml:8:22: mailboxes[0].permissions.sendOnBehalf[0]: SendOnBehalf cannot be granted to Microsoft 365 group "team": Exchange accepts only mailboxes, mail users and mail-enabled security groups; use a group of type: mailEnabledSecurity',
      '3 errors, 0 warnings; 0 tenants valid',
    ],
  });
});

test('usageLocation must be an ISO 3166-1 alpha-2 code: UK is refused with did you mean GB', async () => {
  repo.write('tenants/acme/users.yaml', 'users:\n  - { userPrincipalName: a@acme.com, displayName: A, usageLocation: UK }\n  - { userPrincipalName: b@acme.com, displayName: B, usageLocation: XQ }\n  - { userPrincipalName: c@acme.com, displayName: C, usageLocation: GB }\n');
  expect(await validate()).toEqual({
    code: 1,
    lines: [
      'tenants/acme/users.yaml:2:54: users[0].usageLocation: "UK" is not an ISO 3166-1 alpha-2 country code (did you mean GB, United Kingdom?)',
      'tenants/acme/users.yaml:3:54: users[1].usageLocation: "XQ" is not an ISO 3166-1 alpha-2 country code',
      '2 errors, 0 warnings; 0 tenants valid',
    ],
  });
});

test('SKU and service plan names missing from Microsoft\'s published list are warnings, with did you mean', async () => {
  repo.write(
    'tenants/acme/users.yaml',
    'users:\n  - userPrincipalName: a@acme.com\n    displayName: A\n    usageLocation: SE\n    licenses:\n' +
      '      - { sku: O365_BUSINES_ESSENTIALS, disabledPlans: [YAMMER_ENTERPRIZE, EXCHANGE_S_STANDARD] }\n      - { sku: CONTOSO_FUTURE_SKU_2031 }\n      - { sku: SPE_E3 }\n',
  );
  expect(await validate()).toEqual({
    code: 0,
    lines: [
      'tenants/acme/users.yaml:6:11: warning: users[0].licenses[0].sku: SKU "O365_BUSINES_ESSENTIALS" is not among Microsoft\'s published product names (did you mean "O365_BUSINESS_ESSENTIALS"?)',
      'tenants/acme/users.yaml:6:57: warning: users[0].licenses[0].disabledPlans[0]: service plan "YAMMER_ENTERPRIZE" is not among Microsoft\'s published service plan names (did you mean "YAMMER_ENTERPRISE"?)',
      'tenants/acme/users.yaml:7:11: warning: users[0].licenses[1].sku: SKU "CONTOSO_FUTURE_SKU_2031" is not among Microsoft\'s published product names; check the spelling against the tenant\'s subscribed SKUs',
      '0 errors, 3 warnings; 1 tenant valid',
    ],
  });
});

test('a reference to an undeclared name suggests the declared one it is close to', async () => {
  repo.write('tenants/acme/users.yaml', `${USERS}  - { userPrincipalName: road.runner@acme.com, displayName: Road, manager: wile.coyotee@acme.com }\n`);
  repo.write('tenants/acme/groups.yaml', 'groups:\n  - { mailNickname: finance, displayName: Finance, members: [road.runer@acme.com, group:finanse], owners: [nobody.near@acme.com] }\n');
  expect(await validate()).toEqual({
    code: 1,
    lines: [
      'tenants/acme/groups.yaml:2:62: groups[0].members[0]: refers to "road.runer@acme.com", which is not declared under users (did you mean "road.runner@acme.com"?)',
      'tenants/acme/groups.yaml:2:83: groups[0].members[1]: refers to group "finanse", which is not declared under groups (did you mean "group:finance"?)',
      'tenants/acme/groups.yaml:2:108: groups[0].owners[0]: refers to "nobody.near@acme.com", which is not declared under users (declare it, or mark it external: true)',
      'tenants/acme/users.yaml:3:67: users[1].manager: refers to "wile.coyotee@acme.com", which is not declared under users (did you mean "wile.coyote@acme.com"?)',
      '4 errors, 0 warnings; 0 tenants valid',
    ],
  });
});

test('a tab gives one error, not one per line the parser then misreads; an independent later fault is still reported', async () => {
  repo.write(
    'tenants/acme/users.yaml',
    'users:\n  - userPrincipalName: a@acme.com\n\tdisplayName: A\n    jobTitle: X\n  - userPrincipalName: b@acme.com\n    displayName: B\n    jobTitle: Y\n',
  );
  repo.write('tenants/acme/groups.yaml', 'groups:\n  - mailNickname: g\n    displayName: G\n    displayName: H\n');
  expect(await validate()).toEqual({
    code: 1,
    lines: [
      'tenants/acme/groups.yaml:4:5: duplicate key "displayName" in the same map',
      'tenants/acme/users.yaml:3:1: tabs are not allowed for indentation in YAML; use spaces',
      '2 errors, 0 warnings; 0 tenants valid',
    ],
  });
});

test('schema errors and reference errors are reported in one run', async () => {
  repo.write('tenants/acme/users.yaml', `${USERS}  - { userPrincipalName: b@acme.com, displayName: B, jobTitel: X, manager: wile.coyote@acme.com }\n  - { userPrincipalName: c@acme.com, displayName: C, manager: ghost@acme.com }\n`);
  expect(await validate()).toEqual({
    code: 1,
    lines: [
      'tenants/acme/users.yaml:3:54: users[1].jobTitel: unknown key "jobTitel" (did you mean "jobTitle"?)',
      'tenants/acme/users.yaml:4:54: users[2].manager: refers to "ghost@acme.com", which is not declared under users (declare it, or mark it external: true)',
      '2 errors, 0 warnings; 0 tenants valid',
    ],
  });
});

test('a path counts the items of the file that holds them, not of the tenant merged with its baseline', async () => {
  repo.write('tenants/_baselines/smb.yaml', 'users:\n  - { userPrincipalName: "helpdesk@${tenant.primaryDomain}", displayName: Helpdesk }\n  - { userPrincipalName: "scanner@${tenant.primaryDomain}", displayName: Scanner }\n');
  repo.write('tenants/acme/tenant.yaml', `${TENANT}extends: [../_baselines/smb.yaml]\n`);
  repo.write('tenants/acme/users.yaml', 'users:\n  - { userPrincipalName: a@acme.com, displayName: A, usageLocation: UK }\n');
  expect(await validate()).toEqual({
    code: 1,
    lines: [
      'tenants/acme/users.yaml:2:54: users[0].usageLocation: "UK" is not an ISO 3166-1 alpha-2 country code (did you mean GB, United Kingdom?)',
      '1 error, 0 warnings; 0 tenants valid',
    ],
  });
});

test('role names missing from Microsoft\'s published list of Entra built-in roles are warnings, with did you mean', async () => {
  repo.write('tenants/acme/users.yaml', 'users:\n  - { userPrincipalName: a@acme.com, displayName: A, roles: [Helpdesk Admin, User Administrator, Contoso Custom Auditor] }\n');
  repo.write(
    'tenants/acme/partner.yaml',
    'partner:\n  gdap:\n    - displayName: acme-helpdesk\n      duration: P730D\n      roles: [Helpdesk Administrator, Global Reeder]\n' +
      '      access: [{ group: Partner Helpdesk Agents, roles: [Global Reeder] }]\n',
  );
  expect(await validate()).toEqual({
    code: 0,
    lines: [
      'tenants/acme/partner.yaml:5:39: warning: partner.gdap[0].roles[1]: "Global Reeder" is not a built-in Entra role (did you mean "Global Reader"?); GDAP grants built-in roles only',
      'tenants/acme/partner.yaml:6:58: warning: partner.gdap[0].access[0].roles[0]: "Global Reeder" is not a built-in Entra role (did you mean "Global Reader"?); GDAP grants built-in roles only',
      'tenants/acme/users.yaml:2:62: warning: users[0].roles[0]: "Helpdesk Admin" is not a built-in Entra role (did you mean "Helpdesk Administrator"?); plan accepts it only as a custom role of the tenant',
      'tenants/acme/users.yaml:2:98: warning: users[0].roles[2]: "Contoso Custom Auditor" is not a built-in Entra role; plan accepts it only as a custom role of the tenant',
      '0 errors, 4 warnings; 1 tenant valid',
    ],
  });
});
