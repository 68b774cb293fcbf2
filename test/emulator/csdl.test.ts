import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { check, readCsdl } from './csdl.js';
import { type Call, graph, token } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';
import { startSmall } from '../support/world.js';

let emu: RunningEmulator;
let call: Call;
const types = readCsdl();

beforeAll(async () => {
  emu = await startSmall();
  call = graph(emu.url, await token(emu.url));
  await call('PATCH', '/users/alice@contoso.com', { department: 'Finance' });
  await call('PATCH', '/users/alice@contoso.com/mailboxSettings', { automaticRepliesSetting: { status: 'scheduled' } });
});
afterAll(() => emu.close());

describe('served properties against the Graph v1.0 CSDL', () => {
  it('reads the reference file', () => {
    expect(types.get('user')?.props.get('userPrincipalName')).toBe('Edm.String');
    expect(check(types, 'user', { nonsense: 1 })).toEqual(['user.nonsense: not declared on user']);
    expect(check(types, 'subscribedSku', { consumedUnits: 'x' })).toHaveLength(1);
  });

  it('user: every stored and computed property, default views, create response', async () => {
    const stored = new Set<string>();
    for (const u of emu.state.tenants.get(CONTOSO)?.users.values() ?? []) Object.keys(u.props).forEach((k) => stored.add(k));
    const select = [...stored, 'id', 'assignedLicenses', 'licenseAssignmentStates', 'passwordProfile'].join(',');
    const all = (await call('GET', `/users?$select=${select}`)).body.value as unknown[];
    expect(all.length).toBe(3);
    const created = (await call('POST', '/users', { accountEnabled: true, displayName: 'X', mailNickname: 'x', userPrincipalName: 'x@contoso.com', passwordProfile: { password: 'Secret-123!' } })).body;
    const problems = [...all, created, (await call('GET', '/users/carol@contoso.com')).body, (await call('GET', '/users/bob@contoso.com/manager')).body]
      .flatMap((u, i) => check(types, 'user', u, `user#${i}`));
    expect(problems).toEqual([]);
  });

  it('subscribedSku, licenseDetails, organization, mailboxSettings, directoryAudit', async () => {
    const problems = [
      ...((await call('GET', '/subscribedSkus')).body.value as unknown[]).flatMap((s) => check(types, 'subscribedSku', s)),
      ...((await call('GET', '/users/carol@contoso.com/licenseDetails')).body.value as unknown[]).flatMap((s) => check(types, 'licenseDetails', s)),
      ...((await call('GET', '/organization')).body.value as unknown[]).flatMap((s) => check(types, 'organization', s)),
      ...check(types, 'mailboxSettings', (await call('GET', '/users/alice@contoso.com/mailboxSettings')).body),
      ...((await call('GET', '/auditLogs/directoryAudits')).body.value as unknown[]).flatMap((s) => check(types, 'directoryAudit', s)),
    ];
    expect(problems).toEqual([]);
    expect(((await call('GET', '/auditLogs/directoryAudits')).body.value as unknown[]).length).toBeGreaterThanOrEqual(3);
  });
});
