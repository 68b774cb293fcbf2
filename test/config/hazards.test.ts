// YAML hazards, file merging and schema errors: each gives one diagnostic at an exact file, line and column.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/config/yaml-file.js';
import { Repo } from '../support/folders.js';

let repo: Repo;
beforeEach(() => {
  repo = new Repo().tenant('contoso');
});
afterEach(() => repo.remove());

const users = (text: string) => repo.write('tenants/contoso/users.yaml', text);

describe('YAML hazards', () => {
  test('a syntax error points at where the parser gave up', async () => {
    users('users:\n  - userPrincipalName: a@contoso.com\n    displayName: [Alice\n');
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('a duplicate key names the key at its second occurrence', async () => {
    users('users:\n  - userPrincipalName: a@contoso.com\n    displayName: Alice\n    displayName: Alicia\n');
    expect(await repo.messages()).toEqual(['tenants/contoso/users.yaml:4:5: duplicate key "displayName" in the same map']);
  });

  test('tab indentation is refused where the tab is', async () => {
    users('users:\n  - userPrincipalName: a@contoso.com\n\tdisplayName: Alice\n');
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:3:1: tabs are not allowed for indentation in YAML; use spaces',
    ]);
  });

  test('an alias bomb is stopped at its first alias, without expanding it', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g']]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    users(`${levels.join('\n')}\n`);
    const started = Date.now();
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:2:8: cannot expand YAML aliases: Excessive alias count indicates a resource exhaustion attack',
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('bytes that are not UTF-8 are located by line and column', async () => {
    const head = Buffer.from('users:\n  - userPrincipalName: jorg@contoso.com\n    displayName: J');
    repo.write('tenants/contoso/users.yaml', Buffer.concat([head, Buffer.from([0xf6]), Buffer.from('rg\n')]));
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:3:19: file is not valid UTF-8 (byte 0xf6); save it as UTF-8',
    ]);
  });

  test('a file over the size limit is refused before it is read', async () => {
    users(`# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    expect(await repo.messages()).toEqual([
      `tenants/contoso/users.yaml:1:1: file is ${MAX_FILE_BYTES + 3} bytes, over the limit of ${MAX_FILE_BYTES} bytes`,
    ]);
  });

  test('extends pointing outside the repository is refused', async () => {
    writeFileSync(join(repo.root, '..', 'outside.yaml'), 'users: []\n');
    repo.write('tenants/contoso/base.yaml', 'extends:\n  - ../_baselines/smb.yaml\n  - ../../../outside.yaml\n');
    repo.write('tenants/_baselines/smb.yaml', 'policy: { maxDeletes: 5 }\n');
    expect(await repo.messages()).toEqual([
      'tenants/contoso/base.yaml:3:5: extends[1]: baseline "../../../outside.yaml" is outside the repository root',
    ]);
  });

  test('a symbolic link leading out of the repository is refused', async () => {
    writeFileSync(join(repo.root, '..', 'outside-users.yaml'), 'users: []\n');
    symlinkSync(join(repo.root, '..', 'outside-users.yaml'), join(repo.root, 'tenants/contoso/users.yaml'));
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:1:1: file resolves outside the repository root (through a symbolic link)',
    ]);
  });

  test('a missing baseline and an extends cycle are named', async () => {
    repo.write('tenants/contoso/base.yaml', 'extends: [../_baselines/a.yaml, ../_baselines/missing.yaml]\n');
    repo.write('tenants/_baselines/a.yaml', 'extends: [b.yaml]\n');
    repo.write('tenants/_baselines/b.yaml', 'extends: [a.yaml]\n');
    expect(await repo.messages()).toEqual([
      'tenants/_baselines/b.yaml:1:11: extends[0]: extends cycle: tenants/_baselines/a.yaml → tenants/_baselines/b.yaml → tenants/_baselines/a.yaml',
      'tenants/contoso/base.yaml:1:33: extends[1]: baseline "../_baselines/missing.yaml" does not exist',
    ]);
  });
});

describe('merging the files of a tenant', () => {
  test('a top-level key in two files is an error at the second', async () => {
    repo.write('tenants/contoso/a-users.yaml', 'users:\n  - userPrincipalName: a@contoso.com\n');
    repo.write('tenants/contoso/b-users.yaml', '# more staff\nusers:\n  - userPrincipalName: b@contoso.com\n');
    expect(await repo.messages()).toEqual([
      'tenants/contoso/b-users.yaml:2:1: top-level key "users" is also defined in a-users.yaml:1:1; each section may appear in only one file',
    ]);
  });

  test('a folder without a tenant section says what is missing', async () => {
    repo.write('tenants/empty/users.yaml', 'users: []\n');
    expect(await repo.messages()).toEqual([
      'tenants/empty/users.yaml:1:1: tenant empty has no "tenant" section (name, tenantId, domains) in any of its files',
    ]);
  });
});

describe('schema errors', () => {
  test('the documented example: a bad usageLocation at users[3]', async () => {
    const user = (n: string, extra = '') => `    - userPrincipalName: ${n}@contoso.com\n      displayName: ${n}\n${extra}`;
    users(
      `users:\n${user('ann', '      usageLocation: SE\n')}${user('ben', '      usageLocation: SE\n')}` +
        `${user('cid', '      usageLocation: SE\n')}${user('dan', '      jobTitle: Clerk\n      usageLocation: Sweden\n')}`,
    );
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:14:7: users[3].usageLocation: must be a two-letter country code',
    ]);
  });

  test('an unknown key is reported at the key, with a suggestion', async () => {
    users('users:\n  - userPrincipalName: a@contoso.com\n    dispalyName: Alice\n    favouriteColour: blue\n');
    expect(await repo.messages()).toEqual([
      'tenants/contoso/users.yaml:3:5: users[0].dispalyName: unknown key "dispalyName" (did you mean "displayName"?)',
      'tenants/contoso/users.yaml:4:5: users[0].favouriteColour: unknown key "favouriteColour"',
    ]);
  });

  test('an unknown top-level section, a bad enum and a wrong type', async () => {
    repo.write(
      'tenants/contoso/groups.yaml',
      'groups:\n  - mailNickname: finance\n    type: securty\n    members: alice@contoso.com\nmailboxs: []\n',
    );
    expect(await repo.messages()).toEqual([
      'tenants/contoso/groups.yaml:3:5: groups[0].type: must be one of: security, microsoft365, mailEnabledSecurity, distribution',
      'tenants/contoso/groups.yaml:4:5: groups[0].members: must be a list',
      'tenants/contoso/groups.yaml:5:1: mailboxs: unknown key "mailboxs" (did you mean "mailboxes"?)',
    ]);
  });
});
