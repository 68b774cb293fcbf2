// The Microsoft Graph JavaScript client (@microsoft/microsoft-graph-client) with its TokenCredentialAuthenticationProvider,
// unmodified, against the emulator over HTTPS (scenarios/graph-client.ts in a child process with NODE_EXTRA_CA_CERTS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Outcome } from './scenarios/report.js';
import { runScenario, startTls, stepValue } from './kit.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator & { caPath: string };
let steps: Record<string, Outcome>;
let ids: { alice: string; bob: string };

const value = (name: string): Record<string, unknown> => stepValue(steps, name);

beforeAll(async () => {
  emu = await startTls();
  const upns = emu.state.tenants.get(CONTOSO)?.upnIndex;
  ids = { alice: upns?.get('alice@contoso.com') ?? '', bob: upns?.get('bob@contoso.com') ?? '' };
  steps = await runScenario('graph-client', emu);
});
afterAll(async () => emu?.close());

describe('@microsoft/microsoft-graph-client against the emulator', () => {
  // api-reference/v1.0/api/user-list.md and concepts/paging.md: the client's PageIterator follows @odata.nextLink.
  it('lists users with $select and $top through PageIterator', () => {
    expect(value('listUsersPaged')).toEqual({ upns: ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com'], firstPageSize: 2 });
  });

  // api-reference/v1.0/api/group-post-groups.md: a security group is mailEnabled false, securityEnabled true.
  it('creates a security group', () => {
    expect(value('createGroup')).toMatchObject({ displayName: 'Sdk Auditors', id: expect.any(String) });
  });

  // api-reference/v1.0/api/group-post-members.md: `POST /groups/{id}/members/$ref` with `@odata.id`, 204.
  it('adds members with $ref and lists them', () => {
    expect(value('addMembers')).toEqual({ ids: [ids.alice, ids.bob].sort() });
  });

  // api-reference/v1.0/api/group-list-members.md, examples 2 and 3: `members/$count` and
  // `members/microsoft.graph.user/$count` with ConsistencyLevel: eventual answer a text/plain integer.
  it('reads members through the microsoft.graph.user cast and counts them with $count segments', () => {
    expect(value('membersCastAndCount')).toEqual({ upns: ['alice@contoso.com', 'bob@contoso.com'], count: '2', userCount: '2' });
  });

  // api-reference/v1.0/api/group-delete-members.md: `DELETE /groups/{id}/members/{id}/$ref`, 204.
  it('removes a member with $ref', () => {
    expect(value('removeMember')).toEqual({ ids: [ids.alice] });
  });

  // concepts/json-batching.md: inner responses carry `Content-Type` (the client's BatchResponseContent reads that
  // exact key to give response.json() a JSON body); a failed inner request keeps its own status and error body.
  it('runs a $batch whose inner responses parse with response.json()', () => {
    expect(value('batch')).toEqual({
      statuses: [200, 200, 404], contentType: expect.stringMatching(/^application\/json/), alice: 'Alice Andersson',
      group: 'Sdk Auditors', errorCode: 'Request_ResourceNotFound',
    });
  });

  // api-reference/v1.0/api/group-delta.md: a delta round over groups ends with @odata.deltaLink.
  it('runs a groups delta round', () => {
    expect(value('groupsDelta')).toEqual({ names: ['Finance', 'Sdk Auditors'], hasDeltaLink: true });
  });

  // api-reference/v1.0/api/group-delete.md: security groups are deleted permanently (only Microsoft 365 groups are
  // restorable), so a later read is a 404 that the client raises as GraphError.
  it('deletes the group; reading it again is a GraphError 404', () => {
    expect(value('deleteGroup')).toEqual({ afterDelete: 404, code: 'Request_ResourceNotFound' });
  });
});
