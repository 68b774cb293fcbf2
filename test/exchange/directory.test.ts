// Graph and Exchange as one directory in the emulator, seen through the real clients: licensing in Graph gives a
// mailbox after the provisioning delay, Exchange's mailboxes are users and its groups are Graph groups that Graph
// will not change, and the Entra group kind leaves those groups alone even when it prunes.
import { afterEach, describe, expect, it } from 'vitest';
import { groupKind } from '../../src/kinds/group/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { failure, startWorld, type World } from '../support/clients.js';
import { applyWith, planWith } from '../support/pipeline.js';
import { E3, mailSeed } from '../support/seed.js';
import { mailTenant } from '../support/folders.js';

// These tests check how Exchange's objects appear in Graph, read right after the cmdlet: eventual consistency (its own
// tests are in test/clients/read-after-write.test.ts) is off here.
const INSTANT = { replicationDelayMs: 0 };

type Row = Record<string, unknown>;
interface GraphGroup { id: string; displayName: string; mailEnabled: boolean; securityEnabled: boolean; groupTypes: string[]; mail: string | null }

let h: World | undefined;
afterEach(async () => h?.close());

const byNick = async (graph: ReturnType<World['clients']>['graph'], nick: string): Promise<GraphGroup[]> =>
  graph.list<GraphGroup>(`/groups?$filter=mailNickname eq '${nick}'&$select=id,displayName,mailEnabled,securityEnabled,groupTypes,mail`);

describe('one directory for Graph and Exchange', () => {
  it('gives a user created and licensed through Graph a mailbox after the provisioning delay, calendar in its language', async () => {
    const clock = new ManualClock();
    h = await startWorld(mailSeed(), { ...INSTANT, mailboxProvisioningDelayMs: 3000, clock });
    const { graph, exchange } = h.clients();
    const user = await graph.post<{ id: string }>('/users', {
      accountEnabled: true, displayName: 'Erika Mustermann', mailNickname: 'erika', userPrincipalName: 'erika@contoso.com',
      passwordProfile: { password: 'x-Secret-123456' }, usageLocation: 'DE', preferredLanguage: 'de-DE',
    });
    await graph.post(`/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] });
    expect((await failure(exchange.invoke('Get-Mailbox', { Identity: 'erika@contoso.com' }))).code).toBe('ManagementObjectNotFoundException');
    expect((await failure(graph.get(`/users/${user.id}/mailboxSettings`))).code).toBe('MailboxNotEnabledForRESTAPI');
    clock.advance(2999);
    expect((await failure(exchange.invoke('Get-Mailbox', { Identity: 'erika@contoso.com' }))).code).toBe('ManagementObjectNotFoundException');
    clock.advance(1);
    const [mailbox] = await exchange.invoke<Row>('Get-Mailbox', { Identity: 'erika@contoso.com' });
    expect(mailbox).toMatchObject({ ExternalDirectoryObjectId: user.id, RecipientTypeDetails: 'UserMailbox' });
    expect((await graph.get<{ mail: string }>(`/users/${user.id}?$select=mail`)).mail).toBe('erika@contoso.com');
    const settings = await graph.get<{ automaticRepliesSetting: { status: string } }>(`/users/${user.id}/mailboxSettings`);
    expect(settings.automaticRepliesSetting.status).toBe('disabled');
    const folders = await exchange.invoke<Row>('Get-MailboxFolderStatistics', { Identity: 'erika@contoso.com', FolderScope: 'Calendar' });
    expect(folders.find((f) => f.FolderType === 'Calendar')?.Name).toBe('Kalender');
  });

  it('shows shared, room and equipment mailboxes as sign-in-disabled users, and removes them with the mailbox', async () => {
    h = await startWorld(mailSeed(), INSTANT);
    const { graph, exchange } = h.clients();
    for (const [kind, name] of [['Shared', 'support'], ['Room', 'room1'], ['Equipment', 'van1']] as const) {
      await exchange.invoke('New-Mailbox', { [kind]: true, Name: name, PrimarySmtpAddress: `${name}@contoso.com`, DisplayName: `${kind} ${name}` });
      const u = await graph.get<{ accountEnabled: boolean; displayName: string; mail: string }>(`/users/${name}@contoso.com?$select=accountEnabled,displayName,mail`);
      expect(u).toMatchObject({ accountEnabled: false, displayName: `${kind} ${name}`, mail: `${name}@contoso.com` });
    }
    await exchange.invoke('Remove-Mailbox', { Identity: 'van1@contoso.com', Confirm: false });
    expect((await failure(graph.get('/users/van1@contoso.com'))).status).toBe(404);
  });

  it('lists distribution and mail-enabled security groups in Graph, with members, and refuses to change them there', async () => {
    h = await startWorld(mailSeed(), INSTANT);
    const { graph, exchange } = h.clients();
    await exchange.invoke('New-DistributionGroup', { Name: 'R&D / #1', Alias: 'rnd1', PrimarySmtpAddress: 'rnd1@contoso.com', Members: ['alice@contoso.com'] });
    await exchange.invoke('New-DistributionGroup', { Name: 'Finance', Alias: 'finance', PrimarySmtpAddress: 'finance@contoso.com', Type: 'Security' });
    await exchange.invoke('Add-DistributionGroupMember', { Identity: 'rnd1', Member: 'bob@contoso.com' });
    const [dl] = await byNick(graph, 'rnd1');
    const [sec] = await byNick(graph, 'finance');
    expect(dl).toMatchObject({ displayName: 'R&D / #1', mailEnabled: true, securityEnabled: false, groupTypes: [], mail: 'rnd1@contoso.com' });
    expect(sec).toMatchObject({ mailEnabled: true, securityEnabled: true, groupTypes: [] });
    const members = await graph.list<{ userPrincipalName: string }>(`/groups/${dl!.id}/members?$select=userPrincipalName`);
    expect(members.map((m) => m.userPrincipalName).sort()).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    const dave = await graph.get<{ id: string }>('/users/dave@contoso.com?$select=id');
    const add = await failure(graph.post(`/groups/${sec!.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${dave.id}` }));
    expect([add.status, add.code, add.detail]).toEqual([400, 'Request_BadRequest', 'Cannot Update a mail-enabled security groups and or distribution list.']);
    const patch = await failure(graph.patch(`/groups/${dl!.id}`, { displayName: 'Renamed' }));
    expect(patch.detail).toBe('Unable to update the specified properties for objects that have originated within an external service.');
    await exchange.invoke('Remove-DistributionGroup', { Identity: 'rnd1', Confirm: false });
    expect(await byNick(graph, 'rnd1')).toEqual([]);
  });

  it('keeps the Entra group kind off Exchange groups, even with prune on', async () => {
    h = await startWorld(mailSeed(), INSTANT);
    const clients = h.clients();
    await clients.exchange.invoke('New-DistributionGroup', { Name: 'Sales', Alias: 'sales', PrimarySmtpAddress: 'sales@contoso.com' });
    await clients.exchange.invoke('New-DistributionGroup', { Name: 'Finance', Alias: 'finance', PrimarySmtpAddress: 'finance@contoso.com', Type: 'Security' });
    const kinds = [groupKind as Kind];
    const loaded = mailTenant({
      groups: [{ mailNickname: 'staff', displayName: 'Staff', type: 'security' }, { mailNickname: 'sales', type: 'distribution' }],
      policy: { prune: { groups: true } },
    });
    const plan = await planWith(kinds, loaded, clients);
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['create group:staff']);
    expect((await applyWith(kinds, loaded, plan, clients)).status).toBe('success');
    expect((await byNick(clients.graph, 'finance')).length).toBe(1);
    expect((await planWith(kinds, loaded, clients)).changes).toEqual([]);
  });
});
