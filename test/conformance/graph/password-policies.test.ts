// Conformance: a user's passwordPolicies as Graph takes and returns it.
// - api-reference/v1.0/resources/user.md (passwordPolicies): "an enumeration with one possible value being
//   DisableStrongPassword ... DisablePasswordExpiration can also be specified. The two can be specified together; for
//   example: DisablePasswordExpiration, DisableStrongPassword"; returned only on $select.
// - api-reference/v1.0/api/user-update.md: PATCH answers 204; an invalid value is Graph's generic
//   "Invalid value specified for property" 400 (Microsoft publishes no more specific text).
// - MicrosoftDocs/microsoft-365-docs microsoft-365/admin/add-users/set-password-to-never-expire.md:
//   `Update-MgUser -PasswordPolicies None` sets the password to expire again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { appToken, startEmulator } from '../../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e9';
let emu: RunningEmulator;
let id = '';
beforeAll(async () => {
  emu = await startEmulator({
    seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [], users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }] }] },
    replicationDelayMs: 0,
  });
  id = [...emu.state.tenants.get(TENANT)!.users.values()][0]!.id;
});
afterAll(async () => {
  await emu.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await appToken(emu.url, TENANT);
  const res = await fetch(`${emu.url}/v1.0${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const policies = async () => (await call('GET', `/users/${id}?$select=passwordPolicies`)).body.passwordPolicies;

describe('passwordPolicies (resources/user.md, user-update.md)', () => {
  it('is null until set, and only returned on $select', async () => {
    expect(await policies()).toBeNull();
    expect('passwordPolicies' in (await call('GET', `/users/${id}`)).body).toBe(false);
  });

  it.each(['DisablePasswordExpiration', 'DisableStrongPassword', 'DisablePasswordExpiration, DisableStrongPassword', 'None'])(
    'accepts %s with 204 and returns it as written', async (value) => {
      expect((await call('PATCH', `/users/${id}`, { passwordPolicies: value })).status).toBe(204);
      expect(await policies()).toBe(value);
    },
  );

  it.each(['NeverExpires', 'DisablePasswordExpiration, Sometimes', 'disablepasswordexpiration', '', 'None, DisableStrongPassword'])(
    'refuses %j with 400 and leaves the value as it was', async (value) => {
      await call('PATCH', `/users/${id}`, { passwordPolicies: 'DisablePasswordExpiration' });
      const r = await call('PATCH', `/users/${id}`, { passwordPolicies: value });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'Request_BadRequest', message: "Invalid value specified for property 'passwordPolicies' of resource 'User'." });
      expect(await policies()).toBe('DisablePasswordExpiration');
    },
  );

  it('is checked on create too', async () => {
    const body = { accountEnabled: true, displayName: 'B', mailNickname: 'b', userPrincipalName: 'b@contoso.com', passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' } };
    expect((await call('POST', '/users', { ...body, passwordPolicies: 'Forever' })).status).toBe(400);
    const created = await call('POST', '/users', { ...body, passwordPolicies: 'DisablePasswordExpiration' });
    expect(created.status).toBe(201);
  });
});
