// Conformance of the emulated mail user cmdlets (POST /adminapi/beta/{tenant}/InvokeCommand), one case per statement
// of the cmdlet reference (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/ExchangePowerShell/
// New-MailUser.md, Set-MailUser.md, Get-MailUser.md, Remove-MailUser.md), over HTTP with a test app's Exchange token;
// the account each one is, over Graph (GET /users, api-reference/v1.0/api/user-list.md).
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { invokeCmdlet } from '../support/http.js';
import { appToken, startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000eb';
let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

async function world(): Promise<RunningEmulator> {
  emu ??= await startEmulator({
    seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [], mailboxes: [{ address: 'info@contoso.com', type: 'shared' }] }] },
    throttling: false,
  });
  return emu;
}

async function cmdlet(name: string, parameters: Record<string, unknown> = {}): Promise<{ status: number; rows: Record<string, unknown>[]; error: string }> {
  const e = await world();
  return invokeCmdlet(e.url, TENANT, name, parameters);
}

async function graphUsers(): Promise<Record<string, unknown>[]> {
  const e = await world();
  // A new account is listed once the directory has replicated it.
  e.state.clock.advance(60_000);
  const token = await appToken(e.url, TENANT, 'app-1', 'https://graph.microsoft.com/.default');
  const res = await fetch(`${e.url}/v1.0/users?$select=userPrincipalName,displayName,accountEnabled,mail`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { value: Record<string, unknown>[] }).value;
}

const ED = { Name: 'Ed Meadows', ExternalEmailAddress: 'ed@tailspintoys.com', MicrosoftOnlineServicesID: 'ed@contoso.com', Password: 'Pa55-word!x' };

describe('New-MailUser', () => {
  // Syntax, MicrosoftOnlineServicesID set: "New-MailUser [-Name] <String> -MicrosoftOnlineServicesID <WindowsLiveId>
  // -Password <SecureString>"; all three are "Required: True" there.
  it('requires Name, MicrosoftOnlineServicesID and Password', async () => {
    const r = await cmdlet('New-MailUser', { Name: 'Ed', ExternalEmailAddress: 'ed@tailspintoys.com' });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/missing mandatory parameters: MicrosoftOnlineServicesID Password\./);
  });

  // Example 1: "gives Ed an account and email address in the contoso.com domain, but messages sent to Ed are delivered
  // to his tailspintoys.com email address"; -Name: "also used for the DisplayName property if you don't use the
  // DisplayName parameter"; -Alias: for mail users "the left side of the MicrosoftOnlineServicesID ... is used".
  it('creates an Entra account with an address in the tenant that delivers to the external address', async () => {
    const [row] = (await cmdlet('New-MailUser', ED)).rows;
    expect(row).toMatchObject({
      Name: 'Ed Meadows', DisplayName: 'Ed Meadows', Alias: 'ed', RecipientTypeDetails: 'MailUser', RecipientType: 'MailUser',
      MicrosoftOnlineServicesID: 'ed@contoso.com', PrimarySmtpAddress: 'ed@contoso.com', ExternalEmailAddress: 'SMTP:ed@tailspintoys.com',
      EmailAddresses: ['SMTP:ed@contoso.com'],
    });
    expect((await cmdlet('Get-MailUser', { Identity: 'ed@contoso.com' })).rows[0]).toMatchObject({ ExternalDirectoryObjectId: row!.ExternalDirectoryObjectId });
    expect((await graphUsers()).filter((u) => u.userPrincipalName === 'ed@contoso.com')).toEqual([
      expect.objectContaining({ displayName: 'Ed Meadows', accountEnabled: true, mail: 'ed@contoso.com' }),
    ]);
  });

  // Proxy addresses are unique across recipients (ProxyAddressExistsException, as for every New- cmdlet).
  it('refuses an address another recipient has, and an account that exists', async () => {
    const taken = await cmdlet('New-MailUser', { ...ED, MicrosoftOnlineServicesID: 'info@contoso.com' });
    expect(taken.status).toBe(400);
    await cmdlet('New-MailUser', ED);
    const alias = await cmdlet('Set-MailUser', { Identity: 'ed@contoso.com', EmailAddresses: ['SMTP:ed@contoso.com', 'smtp:info@contoso.com'] });
    expect(alias.error).toMatch(/ProxyAddressExistsException\|The proxy address "SMTP:info@contoso.com" is already being used/);
    const twice = await cmdlet('New-MailUser', { ...ED, Name: 'Ed again' });
    expect(twice.status).toBe(400);
  });

  // ... and the other way round: no other recipient may take a mail user's address.
  it('keeps its addresses from other recipients', async () => {
    await cmdlet('New-MailUser', ED);
    await cmdlet('Set-MailUser', { Identity: 'ed@contoso.com', EmailAddresses: ['SMTP:ed@contoso.com', 'smtp:customs@contoso.com'] });
    const group = await cmdlet('New-DistributionGroup', { Name: 'Customs', PrimarySmtpAddress: 'customs@contoso.com' });
    expect(group.error).toMatch(/ProxyAddressExistsException\|The proxy address "SMTP:customs@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Ed Meadows"/);
    const dynamic = await cmdlet('New-DynamicDistributionGroup', { Name: 'Ed list', PrimarySmtpAddress: 'ed@contoso.com', RecipientFilter: "City -eq 'Oslo'" });
    expect(dynamic.error).toMatch(/ProxyAddressExistsException/);
  });

  it('takes only addresses in an accepted domain', async () => {
    const r = await cmdlet('New-MailUser', { ...ED, MicrosoftOnlineServicesID: 'ed@fabrikam.com' });
    expect(r.error).toMatch(/isn't an accepted domain for your organization/);
  });
});

describe('Set-MailUser', () => {
  // -ExternalEmailAddress: "the old external email address isn't kept as a proxy address"; -EmailAddresses "specifies
  // all email addresses (proxy addresses) for the recipient, including the primary SMTP address" (SMTP: primary,
  // smtp: others).
  it('replaces the external address and the proxy addresses', async () => {
    await cmdlet('New-MailUser', ED);
    await cmdlet('Set-MailUser', { Identity: 'ed@contoso.com', ExternalEmailAddress: 'ed@fabrikam.net', EmailAddresses: ['SMTP:ed@contoso.com', 'smtp:edm@contoso.com'] });
    expect((await cmdlet('Get-MailUser', { Identity: 'edm@contoso.com' })).rows[0]).toMatchObject({
      ExternalEmailAddress: 'SMTP:ed@fabrikam.net', EmailAddresses: ['SMTP:ed@contoso.com', 'smtp:edm@contoso.com'],
    });
  });
});

describe('Remove-MailUser', () => {
  // Remove-MailUser "remove[s] existing mail users": the mail user and its account, which no longer resolve.
  it('removes the mail user and its account', async () => {
    await cmdlet('New-MailUser', ED);
    await cmdlet('Remove-MailUser', { Identity: 'ed@contoso.com', Confirm: false });
    const gone = await cmdlet('Get-MailUser', { Identity: 'ed@contoso.com' });
    expect(gone.status).toBe(400);
    expect(gone.error).toMatch(/ManagementObjectNotFoundException/);
    expect((await graphUsers()).map((u) => u.userPrincipalName)).not.toContain('ed@contoso.com');
    expect((await cmdlet('Get-MailUser', { ResultSize: 'Unlimited' })).rows).toEqual([]);
  });
});
