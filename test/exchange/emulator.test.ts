// The Exchange InvokeCommand emulator over real HTTP, driven through the real Exchange client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/clients/errors.js';
import { createExchangeClient, type ExchangeApi } from '../../src/clients/exchange.js';
import { createRequestCounter } from '../../src/clients/counter.js';
import { createRestClient } from '../../src/clients/rest.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { appToken, TEST_APP } from '../support/world.js';
import { startWorld, type World } from '../support/clients.js';
import { CONTOSO, mailSeed } from '../support/seed.js';

type Row = Record<string, unknown>;
let h: World;
let ex: ExchangeApi;
const clock = new ManualClock();

beforeAll(async () => {
  h = await startWorld(mailSeed(), { mailboxProvisioningDelayMs: 300, clock });
  ex = h.clients().exchange;
});
afterAll(() => h.close());

async function fails(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('Exchange emulator: mailboxes', () => {
  it('lists the mailboxes of licensed users, in pages that the client follows', async () => {
    const counter = createRequestCounter();
    const rest = createRestClient({ service: 'exchange', baseUrl: h.url, tenantId: CONTOSO, tokenProvider: { getToken: () => tokenFor(h) }, counter });
    const small = createExchangeClient({ rest, tenantId: CONTOSO, pageSize: 2 });
    const rows = await small.invoke<Row>('Get-Mailbox', { ResultSize: 'Unlimited' });
    expect(rows.map((r) => r.PrimarySmtpAddress).sort()).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
    expect(counter.count('exchange')).toBe(2);
    expect(rows[0]).toMatchObject({ RecipientTypeDetails: 'UserMailbox', MaxSendSize: '35 MB (36,700,160 bytes)', ArchiveStatus: 'None' });
  });

  it('answers errors as HTTP 400 "Invalid Operation" with the cmdlet text in details', async () => {
    const res = await fetch(`${h.url}/adminapi/beta/${CONTOSO}/InvokeCommand`, {
      method: 'POST', headers: { authorization: `Bearer ${await tokenFor(h)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ CmdletInput: { CmdletName: 'Get-Mailbox', Parameters: { Identity: 'nobody@contoso.com' } } }),
    });
    const body = (await res.json()) as { error: { message: string; details: { message: string }[] } };
    expect(res.status).toBe(400);
    expect(body.error.message).toBe('Invalid Operation');
    expect(body.error.details[0]!.message).toMatch(/\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on '/);
    const err = await fails(ex.invoke('Get-Mailbox', { Identity: 'nobody@contoso.com' }));
    expect(err.code).toBe('ManagementObjectNotFoundException');
    expect(err.detail).toMatch(/^The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on '.+'\.$/);
  });

  it('rejects unknown cmdlets, unknown and missing parameters as PowerShell does', async () => {
    expect((await fails(ex.invoke('Get-Mailboxx'))).code).toBe('CommandNotFoundException');
    expect((await fails(ex.invoke('Get-Mailbox', { Identiti: 'x' }))).detail).toBe("A parameter cannot be found that matches parameter name 'Identiti'.");
    expect((await fails(ex.invoke('Set-Mailbox', {}))).detail).toMatch(/missing mandatory parameters: Identity/);
  });

  it('creates shared, room and equipment mailboxes and refuses taken or foreign addresses', async () => {
    const [shared] = await ex.invoke<Row>('New-Mailbox', { Shared: true, Name: 'Support', PrimarySmtpAddress: 'support@contoso.com' });
    expect(shared).toMatchObject({ RecipientTypeDetails: 'SharedMailbox', EmailAddresses: ['SMTP:support@contoso.com', 'smtp:support@contoso.onmicrosoft.com'] });
    await ex.invoke('New-Mailbox', { Room: true, Name: 'Room 1', PrimarySmtpAddress: 'room1@contoso.com' });
    expect((await fails(ex.invoke('New-Mailbox', { Shared: true, Name: 'Support2', PrimarySmtpAddress: 'support@contoso.com' }))).detail)
      .toBe('The proxy address "SMTP:support@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Support". Please choose another proxy address.');
    expect((await fails(ex.invoke('New-Mailbox', { Shared: true, Name: 'Support' }))).code).toBe('ADObjectAlreadyExistsException');
    expect((await fails(ex.invoke('New-Mailbox', { Shared: true, Name: 'X', PrimarySmtpAddress: 'x@fabrikam.com' }))).detail).toMatch(/isn't an accepted domain/);
    expect(h.tenant().upnIndex.has('support@contoso.com')).toBe(true);
  });

  it('changes settings, addresses, type, quotas, archive and booking', async () => {
    await ex.invoke('Set-Mailbox', {
      Identity: 'support@contoso.com', DisplayName: 'Support Desk', HiddenFromAddressListsEnabled: true,
      ForwardingSmtpAddress: 'ops@contoso.com', DeliverToMailboxAndForward: true, MaxSendSize: '20MB', ProhibitSendQuota: '49GB',
      EmailAddresses: { add: ['helpdesk@contoso.com'] }, LitigationHoldEnabled: true,
    });
    await ex.invoke('Enable-Mailbox', { Identity: 'support@contoso.com', Archive: true });
    const [m] = await ex.invoke<Row>('Get-Mailbox', { Identity: 'helpdesk@contoso.com' });
    expect(m).toMatchObject({
      DisplayName: 'Support Desk', HiddenFromAddressListsEnabled: true, ForwardingSmtpAddress: 'smtp:ops@contoso.com',
      DeliverToMailboxAndForward: true, MaxSendSize: '20 MB (20,971,520 bytes)', ProhibitSendQuota: '49 GB (52,613,349,376 bytes)',
      LitigationHoldEnabled: true, ArchiveStatus: 'Active',
    });
    expect((await fails(ex.invoke('Enable-Mailbox', { Identity: 'support@contoso.com', Archive: true }))).code).toBe('MailboxAlreadyHasArchiveException');
    expect((await fails(ex.invoke('Set-Mailbox', { Identity: 'support@contoso.com', MaxSendSize: '200MB' }))).detail).toMatch(/150 MB/);
    expect((await fails(ex.invoke('Set-Mailbox', { Identity: 'support@contoso.com', ResourceCapacity: 4 }))).detail).toMatch(/room or equipment/);
    await ex.invoke('Set-Mailbox', { Identity: 'support@contoso.com', Type: 'Room', ResourceCapacity: 8 });
    await ex.invoke('Set-CalendarProcessing', { Identity: 'support@contoso.com', BookingWindowInDays: 90, AllowConflicts: true });
    const [b] = await ex.invoke<Row>('Get-CalendarProcessing', { Identity: 'support@contoso.com' });
    expect(b).toMatchObject({ BookingWindowInDays: 90, AllowConflicts: true });
    expect((await fails(ex.invoke('Set-CalendarProcessing', { Identity: 'support@contoso.com', AutomateProcessing: 'Sometimes' }))).code).toBe('ParameterBindingException');
    await ex.invoke('Set-CASMailbox', { Identity: 'alice@contoso.com', ImapEnabled: false, PopEnabled: false });
    const [cas] = await ex.invoke<Row>('Get-CASMailbox', { Identity: 'alice@contoso.com' });
    expect(cas).toMatchObject({ ImapEnabled: false, PopEnabled: false, OWAEnabled: true, EwsEnabled: true });
    await ex.invoke('Remove-Mailbox', { Identity: 'room1@contoso.com', Confirm: false });
    expect((await fails(ex.invoke('Get-Mailbox', { Identity: 'room1@contoso.com' }))).code).toBe('ManagementObjectNotFoundException');
  });
});

describe('Exchange emulator: permissions', () => {
  it('adds and removes FullAccess, SendAs and SendOnBehalf', async () => {
    await ex.invoke('Add-MailboxPermission', { Identity: 'support@contoso.com', User: 'alice@contoso.com', AccessRights: ['FullAccess'], AutoMapping: false });
    await ex.invoke('Add-RecipientPermission', { Identity: 'support@contoso.com', Trustee: 'dave@contoso.com', AccessRights: ['SendAs'] });
    await ex.invoke('Set-Mailbox', { Identity: 'support@contoso.com', GrantSendOnBehalfTo: { add: ['bob@contoso.com'] } });
    const fa = await ex.invoke<Row>('Get-MailboxPermission', { Identity: 'support@contoso.com' });
    expect(fa.map((r) => r.User)).toEqual(['NT AUTHORITY\\SELF', 'alice@contoso.com']);
    const sa = await ex.invoke<Row>('Get-RecipientPermission', { Identity: 'support@contoso.com' });
    expect(sa.map((r) => r.Trustee)).toEqual(['NT AUTHORITY\\SELF', 'dave@contoso.com']);
    const [m] = await ex.invoke<Row>('Get-Mailbox', { Identity: 'support@contoso.com' });
    expect(m!.GrantSendOnBehalfTo).toEqual(['bob']);
    await ex.invoke('Remove-MailboxPermission', { Identity: 'support@contoso.com', User: 'alice@contoso.com', AccessRights: ['FullAccess'] });
    await ex.invoke('Remove-MailboxPermission', { Identity: 'support@contoso.com', User: 'alice@contoso.com', AccessRights: ['FullAccess'] });
    expect(ex.warnings.some((w) => /ACE doesn't exist/.test(w))).toBe(true);
    expect((await fails(ex.invoke('Add-MailboxPermission', { Identity: 'support@contoso.com', User: 'ghost@contoso.com', AccessRights: ['FullAccess'] }))).code).toBe('ManagementObjectNotFoundException');
    expect((await fails(ex.invoke('Add-RecipientPermission', { Identity: 'support@contoso.com', Trustee: 'bob@contoso.com', AccessRights: ['Owner'] }))).code).toBe('ParameterBindingException');
  });

  it('names the calendar in the mailbox language; Folder statistics find it', async () => {
    const err = await fails(ex.invoke('Get-MailboxFolderPermission', { Identity: 'bob@contoso.com:\\Calendar' }));
    expect(err.detail).toBe("The operation couldn't be performed because 'bob@contoso.com:\\Calendar' couldn't be found.");
    const folders = await ex.invoke<Row>('Get-MailboxFolderStatistics', { Identity: 'bob@contoso.com', FolderScope: 'Calendar' });
    const calendar = folders.find((f) => f.FolderType === 'Calendar');
    expect(calendar?.Name).toBe('Kalender');
    const id = 'bob@contoso.com:\\Kalender';
    await ex.invoke('Add-MailboxFolderPermission', { Identity: id, User: 'alice@contoso.com', AccessRights: 'Editor' });
    await ex.invoke('Set-MailboxFolderPermission', { Identity: id, User: 'Default', AccessRights: 'Reviewer' });
    const perms = await ex.invoke<{ User: { UserType: string; RecipientPrincipal: { PrimarySmtpAddress: string } | null }; AccessRights: string[] }>('Get-MailboxFolderPermission', { Identity: id });
    expect(perms.map((p) => [p.User.UserType, p.User.RecipientPrincipal?.PrimarySmtpAddress ?? null, p.AccessRights[0]])).toEqual([
      ['Default', null, 'Reviewer'], ['Anonymous', null, 'None'], ['Internal', 'alice@contoso.com', 'Editor'],
    ]);
    expect((await fails(ex.invoke('Add-MailboxFolderPermission', { Identity: id, User: 'alice@contoso.com', AccessRights: 'Owner' }))).detail)
      .toBe('An existing permission entry was found for user: Alice Andersson.');
    await ex.invoke('Remove-MailboxFolderPermission', { Identity: id, User: 'alice@contoso.com', Confirm: false });
    expect((await fails(ex.invoke('Set-MailboxFolderPermission', { Identity: id, User: 'alice@contoso.com', AccessRights: 'Owner' }))).detail)
      .toBe('There is no existing permission entry found for user: Alice Andersson.');
    expect((await fails(ex.invoke('Add-MailboxFolderPermission', { Identity: id, User: 'carol@contoso.com', AccessRights: 'Boss' }))).code).toBe('ParameterBindingException');
  });
});

describe('Exchange emulator: groups, contacts, provisioning', () => {
  it('manages distribution and mail-enabled security groups with members, owners and restrictions', async () => {
    await ex.invoke('New-DistributionGroup', { Name: 'Sales', Alias: 'sales', PrimarySmtpAddress: 'sales@contoso.com', Type: 'Security', ManagedBy: ['alice@contoso.com'] });
    await ex.invoke('Add-DistributionGroupMember', { Identity: 'sales@contoso.com', Member: 'bob@contoso.com' });
    expect((await fails(ex.invoke('Add-DistributionGroupMember', { Identity: 'sales@contoso.com', Member: 'bob@contoso.com' }))).detail)
      .toBe('The recipient "bob" is already a member of the group "Sales".');
    expect((await fails(ex.invoke('Remove-DistributionGroupMember', { Identity: 'sales@contoso.com', Member: 'carol@contoso.com' }))).code).toBe('MemberNotFoundException');
    await ex.invoke('Set-DistributionGroup', { Identity: 'sales', RequireSenderAuthenticationEnabled: false, HiddenFromAddressListsEnabled: true, AcceptMessagesOnlyFromSendersOrMembers: ['carol@contoso.com'] });
    const [g] = await ex.invoke<Row>('Get-DistributionGroup', { Identity: 'sales@contoso.com' });
    expect(g).toMatchObject({ RecipientTypeDetails: 'MailUniversalSecurityGroup', ManagedBy: ['alice'], AcceptMessagesOnlyFromSendersOrMembers: ['carol'], RequireSenderAuthenticationEnabled: false });
    const members = await ex.invoke<Row>('Get-DistributionGroupMember', { Identity: 'sales' });
    expect(members.map((m) => m.PrimarySmtpAddress)).toEqual(['bob@contoso.com']);
    const [who] = await ex.invoke<Row>('Get-Recipient', { Identity: 'alice' });
    expect(who!.PrimarySmtpAddress).toBe('alice@contoso.com');
    await ex.invoke('Remove-DistributionGroup', { Identity: 'sales', Confirm: false });
    expect((await fails(ex.invoke('Get-DistributionGroupMember', { Identity: 'sales' }))).code).toBe('ManagementObjectNotFoundException');
  });

  it('manages mail contacts', async () => {
    await ex.invoke('New-MailContact', { Name: 'Fabrikam', ExternalEmailAddress: 'partner@fabrikam.com', FirstName: 'Fab' });
    await ex.invoke('Set-MailContact', { Identity: 'partner@fabrikam.com', HiddenFromAddressListsEnabled: true });
    await ex.invoke('Set-Contact', { Identity: 'Fabrikam', Company: 'Fabrikam Ltd' });
    const [mc] = await ex.invoke<Row>('Get-MailContact', { Identity: 'partner@fabrikam.com' });
    const [c] = await ex.invoke<Row>('Get-Contact', { Identity: 'Fabrikam' });
    expect(mc).toMatchObject({ ExternalEmailAddress: 'SMTP:partner@fabrikam.com', HiddenFromAddressListsEnabled: true });
    expect(c).toMatchObject({ FirstName: 'Fab', Company: 'Fabrikam Ltd' });
    expect((await fails(ex.invoke('New-MailContact', { Name: 'Other', ExternalEmailAddress: 'partner@fabrikam.com' }))).code).toBe('ProxyAddressExistsException');
    await ex.invoke('Remove-MailContact', { Identity: 'Fabrikam' });
    expect(await ex.invoke('Get-MailContact')).toEqual([]);
  });

  it('gives a user licensed live a mailbox only after the provisioning delay', async () => {
    const t = h.tenant();
    const dave = t.users.get(t.upnIndex.get('dave@contoso.com')!)!;
    dave.licenses = [{ skuId: t.skus[0]!.skuId, disabledPlans: [] }];
    t.version += 1;
    expect((await fails(ex.invoke('Get-Mailbox', { Identity: 'dave@contoso.com' }))).code).toBe('ManagementObjectNotFoundException');
    clock.advance(299);
    expect((await fails(ex.invoke('Get-Mailbox', { Identity: 'dave@contoso.com' }))).code).toBe('ManagementObjectNotFoundException');
    clock.advance(1);
    const [m] = await ex.invoke<Row>('Get-Mailbox', { Identity: 'dave@contoso.com' });
    expect(m!.ExternalDirectoryObjectId).toBe(dave.id);
  });

  it('refuses a token for another audience', async () => {
    const res = await fetch(`${h.url}/adminapi/beta/${CONTOSO}/InvokeCommand`, {
      method: 'POST', headers: { authorization: `Bearer ${await tokenFor(h, 'https://graph.microsoft.com/.default')}` }, body: '{}',
    });
    expect(res.status).toBe(401);
  });
});

function tokenFor(harness: World, scope = 'https://outlook.office365.com/.default'): Promise<string> {
  return appToken(harness.url, CONTOSO, TEST_APP, scope);
}
