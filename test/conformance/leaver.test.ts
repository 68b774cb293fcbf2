// What the emulator models for a leaver, checked over HTTP against Microsoft's pages:
// - microsoft-graph-docs-contrib api-reference/v1.0/api/user-revokesigninsessions.md: POST /users/{id}/revokeSignInSessions
//   resets signInSessionsValidFromDateTime to the current date-time; application permission User.ReadWrite.All or
//   Directory.ReadWrite.All; 200 with `{"value": true}` (concepts/known-issues.md, "Revoke sign-in sessions returns
//   wrong HTTP code": 200 and true where 204 was meant).
// - api-reference/v1.0/resources/user.md: signInSessionsValidFromDateTime is read-only, returned only on $select.
// - Exchange cmdlet reference, Get-MailboxStatistics (learn.microsoft.com/powershell/module/exchange/get-mailboxstatistics):
//   ItemCount and TotalItemSize of one mailbox; Set-Mailbox -Type Shared converts a mailbox in place, and
//   learn.microsoft.com/microsoft-365/admin/email/convert-user-mailbox-to-shared-mailbox: its mail is kept.
// - learn.microsoft.com/microsoft-365/admin/manage/remove-licenses-from-users: "When a license is removed from a user,
//   Exchange Online data that's associated with that account is held for 30 days. After the 30-day grace period, the
//   data is deleted and can't be recovered." A shared mailbox needs no license.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { appId, appToken, startEmulator, TEST_SECRET } from '../support/world.js';
import { emulatorClock } from '../support/clock.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000c1';
const READER = appId('leaver-reader');
let emu: RunningEmulator;

function seed(): SeedDocument {
  const doc: SeedDocument = {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [{ skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', seats: 2, servicePlans: [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' }] }],
      users: [
        { userPrincipalName: 'alice@contoso.com', displayName: 'Alice', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
      ],
      mailboxes: [{ address: 'alice@contoso.com', type: 'user', itemCount: 1234, totalItemSizeMB: 56 }, { address: 'bob@contoso.com', type: 'user', itemCount: 10 }],
    }],
  };
  return withApp(doc, { clientId: READER, clientSecret: TEST_SECRET, displayName: 'reader', roles: ['User.Read.All'], partnerRoles: [], directoryRoles: [], azureRoles: [] });
}

beforeAll(async () => {
  emu = await startEmulator({ seed: seed() });
});
afterAll(() => emu.close());

async function graph(method: string, path: string, body?: unknown, app = 'app-1') {
  const token = await appToken(emu.url, TENANT, app);
  const res = await fetch(`${emu.url}/v1.0${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.text().then((t) => (t ? JSON.parse(t) : null))) as Record<string, unknown> | null };
}

async function invoke(name: string, parameters: Record<string, unknown>): Promise<Response> {
  const token = await appToken(emu.url, TENANT, 'app-1', 'https://outlook.office365.com/.default');
  return fetch(`${emu.url}/adminapi/beta/${TENANT}/InvokeCommand`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: name, Parameters: parameters } }),
  });
}

async function cmdlet(name: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const res = await invoke(name, parameters);
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: Record<string, unknown>[] }).value;
}

const DAY = 24 * 3600 * 1000;

const validFrom = async () =>
  (await graph('GET', '/users/alice@contoso.com?$select=id,createdDateTime,signInSessionsValidFromDateTime')).body as { createdDateTime: string; signInSessionsValidFromDateTime: string };

describe('revokeSignInSessions and signInSessionsValidFromDateTime', () => {
  it('returns the property only on $select, valid from the account\'s creation until a revocation', async () => {
    const plain = await graph('GET', '/users/alice@contoso.com');
    expect(plain.body).not.toHaveProperty('signInSessionsValidFromDateTime');
    const u = await validFrom();
    expect(u.signInSessionsValidFromDateTime).toBe(u.createdDateTime);
  });

  it('resets it to the current time and answers 200 with true', async () => {
    const clock = emulatorClock(emu);
    const before = clock.now();
    const res = await graph('POST', '/users/alice@contoso.com/revokeSignInSessions');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ value: true });
    expect(String(res.body?.['@odata.context'])).toMatch(/\/v1\.0\/\$metadata#Edm\.Boolean$/);
    expect(Date.parse((await validFrom()).signInSessionsValidFromDateTime)).toBeGreaterThanOrEqual(before);
  });

  it('refuses the property in a PATCH (read-only), and the action without User.ReadWrite.All', async () => {
    const patch = await graph('PATCH', '/users/alice@contoso.com', { signInSessionsValidFromDateTime: '2020-01-01T00:00:00Z' });
    expect(patch.status).toBe(400);
    const denied = await graph('POST', '/users/alice@contoso.com/revokeSignInSessions', undefined, 'leaver-reader');
    expect(denied.status).toBe(403);
  });
});

describe('Get-MailboxStatistics across a conversion to shared', () => {
  it('reports the same items and size before and after Set-Mailbox -Type Shared', async () => {
    const [before] = await cmdlet('Get-MailboxStatistics', { Identity: 'alice@contoso.com' });
    expect(before).toMatchObject({ ItemCount: 1234, TotalItemSize: '56 MB (58,720,256 bytes)', MailboxTypeDetail: 'UserMailbox' });
    await cmdlet('Set-Mailbox', { Identity: 'alice@contoso.com', Type: 'Shared' });
    const [after] = await cmdlet('Get-MailboxStatistics', { Identity: 'alice@contoso.com' });
    expect(after).toMatchObject({ ItemCount: 1234, TotalItemSize: '56 MB (58,720,256 bytes)', MailboxTypeDetail: 'SharedMailbox', MailboxGuid: before!.MailboxGuid });
  });
});

describe('a user mailbox without a license', () => {
  it('is kept 30 days after its last license goes, then removed; a shared mailbox needs none', async () => {
    const unlicense = async (upn: string) => {
      const res = await graph('POST', `/users/${upn}/assignLicense`, { addLicenses: [], removeLicenses: ['05e9a617-0261-4cee-bb44-138d3ef5d965'] });
      expect(res.status).toBe(200);
    };
    // Alice was converted to shared above; Bob's mailbox is still a user mailbox.
    await unlicense('alice@contoso.com');
    await unlicense('bob@contoso.com');
    emu.state.clock.advance(30 * DAY - 1000);
    expect((await cmdlet('Get-Mailbox', { Identity: 'bob@contoso.com' }))[0]).toMatchObject({ RecipientTypeDetails: 'UserMailbox' });
    emu.state.clock.advance(1000);
    expect((await invoke('Get-Mailbox', { Identity: 'bob@contoso.com' })).status).toBe(400);
    const [alice] = await cmdlet('Get-MailboxStatistics', { Identity: 'alice@contoso.com' });
    expect(alice).toMatchObject({ ItemCount: 1234, MailboxTypeDetail: 'SharedMailbox' });
  });
});
