// Conformance of the emulated dynamic distribution group cmdlets (POST /adminapi/beta/{tenant}/InvokeCommand), one case
// per statement of the cmdlet reference (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/ExchangePowerShell/
// New-DynamicDistributionGroup.md, Set-DynamicDistributionGroup.md), over HTTP with a test app's Exchange token.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { invokeCmdlet } from '../support/http.js';
import { startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000ea';
let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

async function cmdlet(name: string, parameters: Record<string, unknown> = {}): Promise<{ status: number; rows: Record<string, unknown>[]; error: string }> {
  emu ??= await startEmulator({
    seed: { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com'], skus: [], mailboxes: [{ address: 'info@contoso.com', type: 'shared' }] }] },
    throttling: false,
  });
  return invokeCmdlet(emu.url, TENANT, name, parameters);
}

describe('New-/Set-DynamicDistributionGroup', () => {
  // Syntax: the CustomFilter set takes -RecipientFilter, the PrecannedFilter set -IncludedRecipients (mandatory there);
  // -RecipientFilter: "You can't use this parameter in combination with the IncludedRecipients parameter or any
  // Conditional parameters".
  it('takes one filter or the other, never both and never none', async () => {
    const both = await cmdlet('New-DynamicDistributionGroup', { Name: 'Mixed', RecipientFilter: "Department -eq 'A'", IncludedRecipients: 'MailboxUsers' });
    expect(both.error).toMatch(/ParameterBindingException\|Parameter set cannot be resolved using the specified named parameters\./);
    const none = await cmdlet('New-DynamicDistributionGroup', { Name: 'Empty' });
    expect(none.error).toMatch(/Parameter set cannot be resolved/);
    await cmdlet('New-DynamicDistributionGroup', { Name: 'Sales', RecipientFilter: "Department -eq 'Sales'" });
    const conditional = await cmdlet('Set-DynamicDistributionGroup', { Identity: 'Sales', ConditionalDepartment: ['Sales'] });
    expect(conditional.error).toMatch(/Parameter set cannot be resolved/);
  });

  // -IncludedRecipients: "AllRecipients: This value can be used only by itself", the other values combine with OR.
  it('accepts the documented recipient types, AllRecipients only alone', async () => {
    const alone = await cmdlet('New-DynamicDistributionGroup', { Name: 'Everyone', IncludedRecipients: ['AllRecipients', 'MailUsers'] });
    expect(alone.status).toBe(400);
    expect(alone.error).toMatch(/Cannot convert value "AllRecipients,MailUsers" to type "IncludedRecipients"/);
    const bad = await cmdlet('New-DynamicDistributionGroup', { Name: 'Robots', IncludedRecipients: 'Robots' });
    expect(bad.error).toMatch(/Specify one of the following enumerator names and try again: AllRecipients, MailboxUsers, MailContacts, MailGroups, MailUsers, Resources/);
    const ok = await cmdlet('New-DynamicDistributionGroup', { Name: 'Staff', IncludedRecipients: 'MailUsers,MailboxUsers', ConditionalCompany: ['Contoso'] });
    expect(ok.rows[0]).toMatchObject({ RecipientFilterType: 'Precanned', IncludedRecipients: 'MailboxUsers, MailUsers', ConditionalCompany: ['Contoso'], PrimarySmtpAddress: 'staff@contoso.com' });
  });

  // Get-DynamicDistributionGroup shows the stored filter: the declared one wrapped and followed by Exchange's exclusions
  // of system mailboxes (jon.netdork.net/2014/06/10/exchange-2010-2013-and-o365-DDL-Filters shows the form).
  it('stores a custom filter with the system-mailbox exclusions appended', async () => {
    await cmdlet('New-DynamicDistributionGroup', { Name: 'Oslo', RecipientFilter: "(City -eq 'Oslo') -and (RecipientType -eq 'UserMailbox')" });
    const [row] = (await cmdlet('Get-DynamicDistributionGroup', { Identity: 'oslo' })).rows;
    expect(row).toMatchObject({ RecipientFilterType: 'Custom', IncludedRecipients: null, RecipientType: 'DynamicDistributionGroup' });
    expect(row!.RecipientFilter).toMatch(/^\(\(\(\(City -eq 'Oslo'\) -and \(RecipientType -eq 'UserMailbox'\)\)\) -and \(-not\(Name -like 'SystemMailbox\{\*'\)\) -and \(-not\(Name -like 'CAS_\{\*'\)\) -and \(-not\(RecipientTypeDetailsValue -eq 'MailboxPlan'\)\)/);
  });

  // A primary address is unique across recipients (the ProxyAddressExistsException of every New- cmdlet), and so is a name.
  it('refuses an address or a name another recipient has', async () => {
    const taken = await cmdlet('New-DynamicDistributionGroup', { Name: 'Info list', PrimarySmtpAddress: 'info@contoso.com', RecipientFilter: "City -eq 'Oslo'" });
    expect(taken.error).toMatch(/ProxyAddressExistsException\|The proxy address "SMTP:info@contoso.com" is already being used/);
    await cmdlet('New-DynamicDistributionGroup', { Name: 'Oslo', RecipientFilter: "City -eq 'Oslo'" });
    const twice = await cmdlet('New-DynamicDistributionGroup', { Name: 'oslo', Alias: 'oslo2', RecipientFilter: "City -eq 'Oslo'" });
    expect(twice.error).toMatch(/ADObjectAlreadyExistsException\|The name "oslo" is already being used/);
  });

  // Set-DynamicDistributionGroup.md -MaxSendSize, -MaxReceiveSize: "This parameter is available only in on-premises Exchange."
  it('has no size limits in Exchange Online', async () => {
    await cmdlet('New-DynamicDistributionGroup', { Name: 'Oslo', RecipientFilter: "City -eq 'Oslo'" });
    const r = await cmdlet('Set-DynamicDistributionGroup', { Identity: 'Oslo', MaxSendSize: '25 MB' });
    expect(r.error).toMatch(/A parameter cannot be found that matches parameter name 'MaxSendSize'\./);
  });
});
