// Exchange-mastered objects seen from Graph: mail contacts as orgContacts at /v1.0/contacts and ManagedBy of
// distribution and mail-enabled security groups as the Graph group's owners, both read-only in Graph and gone from
// Graph once removed in Exchange.
import { afterEach, describe, expect, it } from 'vitest';
import { ORG_CONTACT_PROPS } from '../../src/emulator/graph/contacts.js';
import { check, readCsdl } from '../emulator/csdl.js';
import { failure, startWorld, type World } from '../support/clients.js';
import { mailSeed } from '../support/seed.js';

// These tests check how Exchange's objects appear in Graph, read right after the cmdlet: eventual consistency (its own
// tests are in test/clients/read-after-write.test.ts) is off here.
const INSTANT = { replicationDelayMs: 0 };

type Row = Record<string, unknown>;
let h: World | undefined;
afterEach(async () => h?.close());

describe('mail contacts in Graph', () => {
  it('serves New-MailContact as an orgContact with the CSDL properties, filters and pages them, and drops removed ones', async () => {
    h = await startWorld(mailSeed(), INSTANT);
    // tenantform reads contacts through Exchange; Graph's /contacts needs OrgContact.Read.All, which the test app holds.
    const { exchange } = h.clients();
    const { graph } = h.testAppClients();
    await exchange.invoke('New-MailContact', {
      Name: 'Vendor Ann', ExternalEmailAddress: 'SMTP:Ann@Vendor.example', DisplayName: 'Ann (Vendor)', FirstName: 'Ann', LastName: 'Vendor',
    });
    await exchange.invoke('Set-Contact', { Identity: 'Vendor Ann', Company: 'Vendor AB' });
    for (const n of [1, 2, 3]) await exchange.invoke('New-MailContact', { Name: `Partner ${n}`, ExternalEmailAddress: `p${n}@partner.example` });

    const all = await graph.list<Row>('/contacts');
    expect(all.length).toBe(4);
    const types = readCsdl();
    for (const c of all) {
      expect(check(types, 'orgContact', c)).toEqual([]);
      expect(Object.keys(c).sort()).toEqual([...ORG_CONTACT_PROPS].sort());
    }
    const [ann] = await graph.list<Row>("/contacts?$filter=mail eq 'ann@vendor.example'&$select=id,displayName,givenName,surname,companyName,mail,proxyAddresses,mailNickname");
    expect(ann).toEqual({
      id: expect.any(String), displayName: 'Ann (Vendor)', givenName: 'Ann', surname: 'Vendor', companyName: 'Vendor AB',
      mail: 'ann@vendor.example', proxyAddresses: ['SMTP:ann@vendor.example'], mailNickname: 'VendorAnn',
    });
    const [mc] = await exchange.invoke<Row>('Get-MailContact', { Identity: 'Vendor Ann' });
    expect(ann!.id).toBe(mc!.ExternalDirectoryObjectId);
    expect(await graph.get<Row>(`/contacts/${String(ann!.id)}?$select=displayName`)).toMatchObject({ id: ann!.id, displayName: 'Ann (Vendor)' });

    const partners = await graph.list<Row>("/contacts?$filter=startswith(displayName,'Partner')&$select=mail&$top=2");
    expect(partners.map((p) => p.mail).sort()).toEqual(['p1@partner.example', 'p2@partner.example', 'p3@partner.example']);
    const firstPage = await graph.get<{ value: Row[]; '@odata.nextLink'?: string }>('/contacts?$top=3');
    expect([firstPage.value.length, typeof firstPage['@odata.nextLink']]).toEqual([3, 'string']);
    expect((await failure(graph.get('/contacts?$select=jobTitle,nickname'))).status).toBe(400);

    const patch = await failure(graph.patch(`/contacts/${String(ann!.id)}`, { displayName: 'Renamed' }));
    expect([patch.status, patch.detail]).toEqual([400, 'Unable to update the specified properties for objects that have originated within an external service.']);
    expect((await failure(graph.delete(`/contacts/${String(ann!.id)}`))).status).toBe(400);
    expect((await failure(graph.post('/contacts', { displayName: 'New' }))).status).toBe(405);

    await exchange.invoke('Remove-MailContact', { Identity: 'ann@vendor.example' });
    expect((await failure(graph.get(`/contacts/${String(ann!.id)}`))).status).toBe(404);
    expect((await graph.list<Row>('/contacts?$select=mail')).map((c) => c.mail)).not.toContain('ann@vendor.example');
  });
});

describe('ManagedBy as Graph owners', () => {
  it('mirrors ManagedBy of distribution and mail-enabled security groups to owners, read-only, following changes and removal', async () => {
    h = await startWorld(mailSeed(), INSTANT);
    // tenantform reads contacts through Exchange; Graph's /contacts needs OrgContact.Read.All, which the test app holds.
    const { exchange } = h.clients();
    const { graph } = h.testAppClients();
    await exchange.invoke('New-DistributionGroup', { Name: 'Sales', Alias: 'sales', PrimarySmtpAddress: 'sales@contoso.com', ManagedBy: ['alice@contoso.com', 'bob@contoso.com'] });
    await exchange.invoke('New-DistributionGroup', { Name: 'Finance', Alias: 'finance', PrimarySmtpAddress: 'finance@contoso.com', Type: 'Security', ManagedBy: ['carol@contoso.com'] });
    const idOf = async (nick: string): Promise<string> =>
      (await graph.list<{ id: string }>(`/groups?$filter=mailNickname eq '${nick}'&$select=id`))[0]!.id;
    const owners = async (id: string): Promise<string[]> =>
      (await graph.list<{ userPrincipalName: string }>(`/groups/${id}/owners?$select=userPrincipalName`)).map((o) => o.userPrincipalName).sort();
    const sales = await idOf('sales');
    const finance = await idOf('finance');
    expect(await owners(sales)).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect(await owners(finance)).toEqual(['carol@contoso.com']);

    await exchange.invoke('Set-DistributionGroup', { Identity: 'sales', ManagedBy: ['carol@contoso.com'] });
    expect(await owners(sales)).toEqual(['carol@contoso.com']);

    const dave = await graph.get<{ id: string }>('/users/dave@contoso.com?$select=id');
    const add = await failure(graph.post(`/groups/${finance}/owners/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${dave.id}` }));
    expect([add.status, add.code]).toEqual([400, 'Request_BadRequest']);
    const carol = await graph.get<{ id: string }>('/users/carol@contoso.com?$select=id');
    expect((await failure(graph.delete(`/groups/${finance}/owners/${carol.id}/$ref`))).status).toBe(400);
    expect(await owners(finance)).toEqual(['carol@contoso.com']);

    await exchange.invoke('Remove-DistributionGroup', { Identity: 'finance', Confirm: false });
    expect((await failure(graph.get(`/groups/${finance}/owners`))).status).toBe(404);
  });
});
