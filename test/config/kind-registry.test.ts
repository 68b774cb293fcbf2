// The registry's descriptions are checked before any file is read, and what is derived from them is what the code
// ships: the published document schema is the registry's composition, every kind's changes carry its address prefix,
// and a registry contradicting itself is refused with the kind named.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeKinds, KindRegistryError } from '../../src/config/kind-model.js';
import type { KindSpec } from '../../src/config/kind-spec.js';
import { entryKey, valuesAt } from '../../src/config/kind-spec.js';
import { composeDocumentSchema, DOCUMENT_SCHEMA, documentSchemaText, SCHEMAS_DIR } from '../../src/config/schema-compose.js';
import { kinds } from '../../src/kinds/index.js';

const user: KindSpec = { kind: 'user', shape: 'collection', section: 'users', listKey: ['userPrincipalName'], prefix: 'user', schema: 'users.schema.json' };
const refused = (specs: KindSpec[]) => () => composeDocumentSchema(describeKinds(specs));

describe('the published schema', () => {
  it('is the composition of the registry (run `npm run gen:schema` after adding a kind)', async () => {
    expect(await readFile(join(SCHEMAS_DIR, DOCUMENT_SCHEMA), 'utf8')).toBe(documentSchemaText(describeKinds(kinds)));
  });

  it('gives each top-level section the fragment of the file its kinds name, config\'s own sections first', () => {
    const { document } = composeDocumentSchema(describeKinds(kinds));
    const props = document.properties as Record<string, unknown>;
    expect(Object.keys(props)).toEqual([
      'tenant', 'extends', 'policy', 'vars', 'users', 'guests', 'groups', 'mailboxes', 'contacts', 'dynamicDistributionGroups', 'mailUsers', 'azure', 'partner',
      'namedLocations', 'securityDefaults', 'authorizationPolicy', 'authenticationMethods', 'exchangeSettings', 'sharepoint', 'conditionalAccess',
    ]);
    expect(props.users).toEqual({ type: 'array', items: { $ref: 'users.schema.json#/$defs/user' } });
    expect(props.partner).toEqual({ $ref: 'partner.schema.json#/$defs/partner' });
  });
});

describe('the derived loader keys', () => {
  it('are the keyed lists of every kind, children and nested lists included', () => {
    const keys = Object.fromEntries([...describeKinds(kinds).listKeys].map(([path, key]) => [path, key.join('+')]));
    expect(keys).toEqual({
      users: 'userPrincipalName',
      'users[].licenses': 'sku',
      guests: 'email',
      groups: 'mailNickname',
      'groups[].licenses': 'sku',
      mailboxes: 'address',
      contacts: 'address',
      dynamicDistributionGroups: 'address',
      mailUsers: 'userPrincipalName',
      'azure.subscriptions': 'id',
      'azure.subscriptions[].roleAssignments': 'principal+role+scope',
      'partner.gdap': 'displayName',
      'partner.seats': 'sku',
      'partner.consent': 'applicationId',
      namedLocations: 'displayName',
      conditionalAccess: 'displayName',
      'sharepoint.sites': 'url',
      'sharepoint.oneDrive': 'user',
    });
  });

  it('compare names case-insensitively and in one Unicode form; an entry without its key is not keyed', () => {
    expect(entryKey({ name: 'Cafe\u0301' }, ['name'])).toBe(entryKey({ name: 'CAF\u00c9' }, ['name']));
    expect(entryKey({ principal: 'group:X', role: 'Owner' }, ['principal', 'role', 'scope'])).toBe('group:x|owner|');
    expect(entryKey({ role: 'Owner' }, ['principal', 'role'])).toBeUndefined();
  });

  it('walk lists item by item, keeping the indices of the items a schema error left out', () => {
    const sparse: unknown[] = new Array(3);
    sparse[2] = { user: 'a@x' };
    expect(valuesAt({ p: { full: sparse } }, 'p.full[].user')).toEqual([{ value: 'a@x', path: 'p.full[2].user' }]);
  });
});

describe('every registered kind', () => {
  it('has a distinct name and address prefix, and a known shape', () => {
    expect(new Set(kinds.map((k) => k.kind)).size).toBe(kinds.length);
    expect(new Set(kinds.map((k) => k.prefix)).size).toBe(kinds.length);
    expect(kinds.filter((k) => k.shape === 'singleton').map((k) => k.kind)).toEqual(['adminLink', 'securityDefaults', 'authorizationPolicy', 'authenticationMethod', 'exchangeSettings', 'sharepointSettings']);
    expect(kinds.filter((k) => k.shape === 'child').map((k) => `${k.kind} in ${k.section}[].${k.fields!.join('|')}`)).toEqual([
      'sessionRevocation in users[].lifecycle',
      'temporary-access-pass in users[].temporaryAccessPass',
      'license in users[].licenses',
      'membership in groups[].members|owners',
      'team in groups[].team',
      'directoryRole in users[].roles',
      'mailboxPermission in mailboxes[].permissions',
      'calendarPermission in mailboxes[].calendar',
      'contactsPermission in mailboxes[].contactsFolder',
      'azureRoleAssignment in azure.subscriptions[].roleAssignments',
      'consentRole in partner.consent[].roles',
    ]);
  });

  it('that prunes is a key of policy.prune in the schema', async () => {
    const policy = JSON.parse(await readFile(join(SCHEMAS_DIR, 'policy.schema.json'), 'utf8')) as { $defs: { prune: { properties: object } } };
    const keys = Object.keys(policy.$defs.prune.properties);
    expect(kinds.flatMap((k) => (k.pruneKey && !keys.includes(k.pruneKey) ? [k.kind] : []))).toEqual([]);
  });
});

describe('a registry that contradicts itself is refused', () => {
  it.each<[string, KindSpec[], RegExp]>([
    ['a kind registered twice', [user, user], /kind "user" is registered twice/],
    ['two keys for one section', [user, { ...user, kind: 'guest', prefix: 'guest', listKey: ['mail'] }], /kind "guest" keys users by mail, another kind by userPrincipalName/],
    ['a child of no registered parent', [{ kind: 'pet', shape: 'child', section: 'users', parent: 'owner', fields: ['pets'], prefix: 'pet' }], /kind "pet": its parent kind "owner" is not registered/],
    ['a child in another section than its parent', [user, { kind: 'pet', shape: 'child', section: 'groups', parent: 'user', fields: ['pets'], prefix: 'pet' }], /lives in groups, its parent "user" in users/],
    ['a collection without its key', [{ kind: 'thing', shape: 'collection', section: 'things', prefix: 'thing', schema: 'x.json' }], /a collection needs a listKey/],
    ['two schema files for one section', [user, { kind: 'guest', shape: 'collection', section: 'users', listKey: ['userPrincipalName'], prefix: 'guest', schema: 'guests.schema.json' }], /names schema guests\.schema\.json for "users", another kind users\.schema\.json/],
    ['a prefix that is no plain name', [{ ...user, prefix: 'user:' }], /address prefix "user:" is not a plain name/],
  ])('%s', (_what, specs, message) => {
    expect(refused(specs)).toThrow(KindRegistryError);
    expect(refused(specs)).toThrow(message);
  });

  it('a section no kind gives a schema, or config\'s own section claimed by a kind', () => {
    expect(refused([{ kind: 'pet', shape: 'collection', section: 'pets', listKey: ['name'], prefix: 'pet' }])).toThrow(/no kind names the schema of the YAML section "pets"/);
    expect(refused([{ kind: 'rule', shape: 'collection', section: 'policy', listKey: ['name'], prefix: 'rule', schema: 'policy.schema.json' }])).toThrow(/"policy" is config's own/);
  });
});
