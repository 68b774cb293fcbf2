// The Kiota-based Graph SDK (@microsoft/msgraph-sdk, -users, -directory), unmodified, against the emulator over HTTPS:
// scenarios/graph-kiota.ts runs in a child process that trusts the emulator's CA through NODE_EXTRA_CA_CERTS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Outcome } from './scenarios/report.js';
import { runScenario, startTls, stepValue } from './kit.js';

let emu: RunningEmulator & { caPath: string };
let steps: Record<string, Outcome>;

const value = (name: string): Record<string, unknown> => stepValue(steps, name);

beforeAll(async () => {
  emu = await startTls();
  steps = await runScenario('graph-kiota', emu);
});
afterAll(async () => emu?.close());

describe('@microsoft/msgraph-sdk against the emulator', () => {
  // api-reference/v1.0/api/user-list.md ($select, $top) and concepts/paging.md (follow @odata.nextLink; the SDK's
  // PageIterator does).
  it('lists users with $select and $top and pages through them with PageIterator', () => {
    const v = value('listUsersPaged');
    expect(v.firstPageSize).toBe(2);
    expect(v.firstHasNext).toBe(true);
    expect(v.upns).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
  });

  // api-reference/v1.0/api/user-post-users.md: accountEnabled, displayName, mailNickname, userPrincipalName and
  // passwordProfile are required; 201 with the user.
  it('creates a user', () => {
    expect(value('createUser')).toMatchObject({ userPrincipalName: 'kiota.created@contoso.com', id: expect.any(String) });
  });

  // api-reference/v1.0/api/user-update.md: PATCH answers 204; the change reads back.
  it('patches a user and reads the change back', () => {
    expect(value('patchUser')).toEqual({ jobTitle: 'Auditor', usageLocation: 'SE' });
  });

  // api-reference/v1.0/api/user-delta.md: the SDK sends `GET /users/delta()`; pages end with @odata.deltaLink.
  it('runs a users delta round through delta() to its deltaLink', () => {
    const v = value('usersDelta');
    expect([...(v.upns as string[])].sort()).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com', 'kiota.created@contoso.com']);
    expect(v.deltaLink).toMatch(/\$deltatoken=/);
  });

  // api-reference/v1.0/api/directory-deleteditems-list.md: `GET /directory/deletedItems/microsoft.graph.user`; the
  // SDK writes the cast with the `graph.` alias (`/directory/deletedItems/graph.user`).
  it('deletes the user and finds it through the graph.user cast on deletedItems', () => {
    const v = value('deleteAndListDeleted');
    expect(v.ids).toEqual([value('createUser').id]);
    expect(v.deletedDateTime).toEqual(expect.any(String));
  });
});
