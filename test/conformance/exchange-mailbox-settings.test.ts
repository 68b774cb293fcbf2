// Conformance of the emulated Exchange admin API (POST /adminapi/beta/{tenant}/InvokeCommand) for per-mailbox
// settings, one case per page of the cmdlet reference (MicrosoftDocs/office-docs-powershell,
// exchange/exchange-ps/ExchangePowerShell/<cmdlet>.md), over HTTP with a test app's Exchange token.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { invokeCmdlet } from '../support/http.js';
import { startEmulator } from '../support/world.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e8';
const seed = (): SeedDocument => ({
  tenants: [{
    tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [],
    mailboxes: [
      { address: 'support@contoso.com', type: 'shared', displayName: 'Support' },
      { address: 'info@contoso.com', type: 'shared', displayName: 'Info' },
    ],
    distributionGroups: [{ address: 'sales@contoso.com', displayName: 'Sales', alias: 'sales' }],
  }],
});

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

type Answer = { status: number; rows: Record<string, unknown>[]; error: string };

async function cmdlet(name: string, parameters: Record<string, unknown> = {}): Promise<Answer> {
  emu ??= await startEmulator({ seed: seed(), throttling: false });
  return invokeCmdlet(emu.url, TENANT, name, parameters);
}

const mailbox = async (identity = 'support@contoso.com') => (await cmdlet('Get-Mailbox', { Identity: identity })).rows[0]!;

describe('Set-Mailbox policies, restrictions, audit and MailTip', () => {
  // Set-Mailbox.md -RoleAssignmentPolicy: "In Exchange Online ... if you don't use this parameter, the default role
  // assignment policy named Default Role Assignment Policy is automatically applied"; the Default MRM Policy and the
  // Default Sharing Policy are every organization's (Get-RetentionPolicy.md, Get-SharingPolicy.md list them); -AuditEnabled:
  // "In Exchange Online, mailbox auditing on by default was enabled for all organizations in January, 2019".
  it('a new mailbox has the default policies, no address book policy and auditing on', async () => {
    expect(await mailbox()).toMatchObject({
      RetentionPolicy: 'Default MRM Policy', SharingPolicy: 'Default Sharing Policy', RoleAssignmentPolicy: 'Default Role Assignment Policy',
      AddressBookPolicy: null, AuditEnabled: true, RequireSenderAuthenticationEnabled: false, MailTip: null,
    });
    expect((await cmdlet('Get-RetentionPolicy')).rows.map((r) => [r.Name, r.IsDefault])).toEqual([['Default MRM Policy', true]]);
    expect((await cmdlet('Get-AddressBookPolicy')).rows).toEqual([]);
  });

  // Set-Mailbox.md -RetentionPolicy etc.: "You can use any value that uniquely identifies the policy" (Name, GUID);
  // an identity that names nothing is the ManagementObjectNotFoundException every Exchange cmdlet raises.
  it('assigns a policy by name in any case, and refuses one that does not exist, changing nothing', async () => {
    const made = (await cmdlet('New-RetentionPolicy', { Name: 'Finance 7 Years' })).rows[0]!;
    expect((await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', RetentionPolicy: 'finance 7 YEARS' })).status).toBe(200);
    expect((await mailbox()).RetentionPolicy).toBe('Finance 7 Years');
    expect((await cmdlet('Set-Mailbox', { Identity: 'info@contoso.com', RetentionPolicy: made.Guid })).status).toBe(200);
    const bad = await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', AuditEnabled: false, SharingPolicy: 'Nope' });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatch(/\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|The operation couldn't be performed because object 'Nope' couldn't be found/);
    expect(await mailbox()).toMatchObject({ SharingPolicy: 'Default Sharing Policy', AuditEnabled: true });
  });

  // Set-Mailbox.md -RoleAssignmentPolicy: "In Exchange Online, a role assignment policy must be assigned to the mailbox."
  it('refuses to clear the role assignment policy; the address book policy can be cleared', async () => {
    const r = await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', RoleAssignmentPolicy: null });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/ParameterBindingException\|Cannot validate argument on parameter 'RoleAssignmentPolicy'\. The argument is null or empty/);
    expect((await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', AddressBookPolicy: null })).status).toBe(200);
  });

  // New-SharingPolicy.md: -Domains is mandatory; New-AddressBookPolicy.md: -AddressLists, -GlobalAddressList,
  // -OfflineAddressBook and -RoomList are mandatory.
  it('New-SharingPolicy and New-AddressBookPolicy need their mandatory parameters', async () => {
    const r = await cmdlet('New-SharingPolicy', { Name: 'Partners' });
    expect(r.error).toMatch(/missing mandatory parameters: Domains\./);
    const abp = await cmdlet('New-AddressBookPolicy', { Name: 'School A', AddressLists: ['\\School A'] });
    expect(abp.error).toMatch(/missing mandatory parameters: GlobalAddressList OfflineAddressBook RoomList\./);
  });

  // Set-Mailbox.md -MailTip: "HTML tags are automatically added to the text ... `<html><body>This mailbox is not
  // monitored</body></html>`" and "The text is automatically added to the MailTipTranslations property ... `default:`".
  it('wraps the MailTip in html and body and copies it to MailTipTranslations', async () => {
    await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', MailTip: 'This mailbox is not monitored' });
    expect(await mailbox()).toMatchObject({
      MailTip: '<html><body>This mailbox is not monitored</body></html>',
      MailTipTranslations: ['default:<html><body>This mailbox is not monitored</body></html>'],
    });
    await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', MailTip: '' });
    expect((await mailbox()).MailTip).toBeNull();
  });

  // Set-Mailbox.md -AcceptMessagesOnlyFromSendersOrMembers: "individual senders and groups in your organization";
  // -RejectMessagesFromSendersOrMembers likewise; multi-valued links show the recipients' names.
  it('keeps senders and groups a mailbox accepts or rejects, shown by name', async () => {
    await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', AcceptMessagesOnlyFromSendersOrMembers: ['info@contoso.com', 'sales'], RequireSenderAuthenticationEnabled: true });
    expect(await mailbox()).toMatchObject({ AcceptMessagesOnlyFromSendersOrMembers: ['info', 'Sales'], RequireSenderAuthenticationEnabled: true });
    const r = await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', RejectMessagesFromSendersOrMembers: ['nobody@contoso.com'] });
    expect(r.error).toMatch(/ManagementObjectNotFoundException\|The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found/);
  });

  // Set-Mailbox.md -EmailAddresses: "SMTP: The primary SMTP address. You can use this value only once in a command";
  // "smtp: Other SMTP email addresses"; an address without a type is an smtp address.
  it('keeps one primary SMTP: address and any number of secondary smtp: ones', async () => {
    const two = await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', EmailAddresses: ['SMTP:a@contoso.com', 'SMTP:b@contoso.com'] });
    expect(two.error).toMatch(/There are multiple primary SMTP addresses/);
    await cmdlet('Set-Mailbox', { Identity: 'support@contoso.com', EmailAddresses: ['SMTP:help@contoso.com', 'smtp:support@contoso.com', 'desk@contoso.com'] });
    expect((await mailbox('help@contoso.com')).EmailAddresses).toEqual(['SMTP:help@contoso.com', 'smtp:support@contoso.com', 'smtp:desk@contoso.com']);
  });
});

describe('Get-/Set-MailboxRegionalConfiguration', () => {
  // Set-MailboxRegionalConfiguration.md -Language: "a supported culture code value from the Microsoft .NET Framework
  // CultureInfo class. For example, da-DK"; -TimeZone: "a supported time zone key name (for example, "Pacific
  // Standard Time")"; -DateFormat and -TimeFormat: format strings, $null for the language's default (Example 5).
  it('keeps language, time zone and formats, read back by Get-MailboxRegionalConfiguration', async () => {
    expect((await cmdlet('Get-MailboxRegionalConfiguration', { Identity: 'support@contoso.com' })).rows[0]).toMatchObject({ Language: null, TimeZone: null });
    await cmdlet('Set-MailboxRegionalConfiguration', { Identity: 'support@contoso.com', Language: 'da-dk', TimeZone: 'Romance Standard Time', DateFormat: 'dd-MM-yyyy', TimeFormat: 'HH:mm', LocalizeDefaultFolderName: true });
    expect((await cmdlet('Get-MailboxRegionalConfiguration', { Identity: 'support@contoso.com' })).rows[0]).toMatchObject({
      Language: 'da-DK', TimeZone: 'Romance Standard Time', DateFormat: 'dd-MM-yyyy', TimeFormat: 'HH:mm',
    });
    await cmdlet('Set-MailboxRegionalConfiguration', { Identity: 'support@contoso.com', DateFormat: null, TimeFormat: null });
    expect((await cmdlet('Get-MailboxRegionalConfiguration', { Identity: 'support@contoso.com' })).rows[0]).toMatchObject({ DateFormat: null, TimeFormat: null });
  });

  it('refuses a language that is no culture code, and a mailbox that does not exist', async () => {
    const r = await cmdlet('Set-MailboxRegionalConfiguration', { Identity: 'support@contoso.com', Language: 'klingon!' });
    expect(r.error).toMatch(/Cannot convert value "klingon!" to type "System\.Globalization\.CultureInfo"/);
    const gone = await cmdlet('Get-MailboxRegionalConfiguration', { Identity: 'ghost@contoso.com' });
    expect(gone.error).toMatch(/ManagementObjectNotFoundException/);
  });
});

describe('Set-DistributionGroup size limits', () => {
  // Set-DistributionGroup.md -MaxSendSize and -MaxReceiveSize: "This parameter is available only in on-premises
  // Exchange." Exchange Online's endpoint knows no such parameter, so tenantform offers no group size limits.
  it('are not parameters in Exchange Online', async () => {
    for (const param of ['MaxSendSize', 'MaxReceiveSize']) {
      const r = await cmdlet('Set-DistributionGroup', { Identity: 'sales', [param]: '25 MB' });
      expect(r.status).toBe(400);
      expect(r.error).toMatch(new RegExp(`ParameterBindingException\\|A parameter cannot be found that matches parameter name '${param}'\\.`));
    }
  });
});
