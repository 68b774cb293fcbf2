// The permission data itself: the emulator's Graph table covers exactly its routes and honours the order of grants
// that `tenantform permissions` relies on; Exchange wants Exchange.ManageAsApp; the command's output for the example
// tenants, as text and as JSON.
import { afterEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { registerPermissions } from '../../src/cli/permissions.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { graphService } from '../../src/emulator/graph/service.js';
import { GRAPH_PERMISSIONS } from '../../src/emulator/graph/permissions.js';
import { kinds } from '../../src/kinds/index.js';
import { IMPLIES, impliedBy } from '../../src/kinds/permissions.js';
import { copyExamples } from '../support/examples.js';
import { emulatorClock } from '../support/clock.js';
import { withTenantform } from '../support/access.js';
import { CONTOSO, entraSeed } from '../support/seed.js';
import { runCommand } from '../support/cli.js';

describe('Graph permission table', () => {
  const routes = graphService().routes.map((r) => `${r.method} ${r.pattern}`);

  it('has one entry for every Graph route and none for routes that do not exist', () => {
    expect(routes.filter((r) => !(r in GRAPH_PERMISSIONS))).toEqual([]);
    expect(Object.keys(GRAPH_PERMISSIONS).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('accepts every grant that includes an accepted one (ReadWrite wherever Read suffices)', () => {
    const gaps: string[] = [];
    for (const [route, entry] of Object.entries(GRAPH_PERMISSIONS)) {
      if (!Array.isArray(entry)) continue;
      for (const broader of Object.keys(IMPLIES)) {
        if ([...impliedBy(broader)].some((p) => entry.includes(p)) && !entry.includes(broader)) gaps.push(`${route}: ${broader}`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('is declared by every registered kind', () => {
    expect(kinds).toHaveLength(32);
    for (const k of kinds) expect(Object.keys(k.permissions.read).length + Object.keys(k.permissions.write).length, k.kind).toBeGreaterThan(0);
  });
});

describe('Exchange enforcement', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => { await emu?.close(); emu = undefined; });
  const APP = 'e0e0e0e0-0000-4000-8000-000000000001';
  const OTHER = 'e0e0e0e0-0000-4000-8000-000000000002';

  it('answers 403 to an app without Exchange.ManageAsApp and serves one with it', async () => {
    const doc = entraSeed();
    doc.tenants[0]!.apps = [{ clientId: APP, clientSecret: 's', roles: ['Exchange.ManageAsApp'] }, { clientId: OTHER, clientSecret: 's', roles: ['User.Read.All'] }];
    // Step 5 of the app-only page: a supported Entra role on the service principal.
    doc.tenants[0]!.directoryRoleAssignments = [...(doc.tenants[0]!.directoryRoleAssignments ?? []), { principal: `servicePrincipal:${APP}`, role: 'Exchange Administrator' }];
    emu = await startEmulator({ seed: withTenantform(doc) });
    const clients = (clientId: string) => createClients({ tenantId: CONTOSO, emulatorUrl: emu!.url, credentials: { clientId, secret: 's' }, clock: emulatorClock(emu!) });
    await expect(clients(APP).exchange.invoke('Get-Mailbox')).resolves.toMatchObject([{ Identity: 'alice' }]);
    await expect(clients(OTHER).exchange.invoke('Get-Mailbox')).rejects.toThrow(/Exchange\.ManageAsApp/);
    await expect(clients(OTHER).graph.list('/groups')).rejects.toMatchObject({ status: 403, code: 'Authorization_RequestDenied' });
  });

  // Exchange.ManageAsApp alone is not enough: without a supported Entra role on its service principal the admin API
  // refuses the app with Connect-ExchangeOnline's wording (learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2,
  // step 5; the text as MicrosoftDocs/office-docs-powershell#11332 quotes it). Nothing is read or changed.
  it('refuses an app holding Exchange.ManageAsApp but no Entra role, and a role outside the supported list', async () => {
    const doc = entraSeed();
    doc.tenants[0]!.apps = [{ clientId: APP, clientSecret: 's', roles: ['Exchange.ManageAsApp'] }, { clientId: OTHER, clientSecret: 's', roles: ['Exchange.ManageAsApp'] }];
    doc.tenants[0]!.directoryRoleAssignments = [...(doc.tenants[0]!.directoryRoleAssignments ?? []), { principal: `servicePrincipal:${OTHER}`, role: 'Groups Administrator' }];
    emu = await startEmulator({ seed: withTenantform(doc) });
    const clients = (clientId: string) => createClients({ tenantId: CONTOSO, emulatorUrl: emu!.url, credentials: { clientId, secret: 's' }, transport: { sleep: async () => {} } });
    const text = (app: string) => `The role assigned to application ${app} isn't supported in this scenario. Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication.`;
    for (const app of [APP, OTHER]) {
      await expect(clients(app).exchange.invoke('New-Mailbox', { Shared: true, Name: 'Hacked', PrimarySmtpAddress: 'hacked@contoso.com' }))
        .rejects.toMatchObject({ status: 401, code: 'Unauthorized', detail: text(app) });
    }
    expect(JSON.stringify(emu.state.tenants.get(CONTOSO)!.ext.exchange ?? {})).not.toContain('hacked@contoso.com');
  });
});

const examples = copyExamples();

const run = (args: string[]): Promise<string> => runCommand(registerPermissions, ['permissions', '--dir', examples.dir, ...args]);

describe('tenantform permissions on the example tenants', () => {
  it('prints plan and apply grants of contoso-dental as JSON', async () => {
    const needs = JSON.parse(await run(['--tenant', 'contoso-dental', '--format', 'json'])) as Record<string, Record<string, string[]>> & { kinds: string[] };
    // Ben Carter is a leaver: his sessions are revoked by the sessionRevocation kind, with grants the user kind holds.
    expect(needs.kinds).toEqual(['adminLink', 'directoryRole', 'gdap', 'group', 'guest', 'license', 'mailbox', 'mailboxPermission', 'membership', 'seats', 'sessionRevocation', 'team', 'user']);
    // Front Desk's team: team-get.md, channel-list.md and channel-list-members.md to read; the write pages to apply.
    expect(needs.plan!.graph).toEqual(['Channel.ReadBasic.All', 'ChannelMember.Read.All', 'Group.Read.All', 'MailboxSettings.Read', 'Organization.Read.All', 'RoleManagement.Read.Directory', 'TeamSettings.Read.All', 'User.Read.All']);
    expect(needs.apply!.graph).toEqual([
      'Channel.Create', 'Channel.Delete.All', 'ChannelMember.ReadWrite.All', 'ChannelSettings.ReadWrite.All', 'Group.ReadWrite.All', 'MailboxSettings.ReadWrite', 'Organization.Read.All',
      'RoleManagement.ReadWrite.Directory', 'TeamSettings.ReadWrite.All', 'User.ReadWrite.All',
    ]);
    expect(needs.apply!.exchange).toEqual(['Exchange.ManageAsApp']);
    expect(needs.apply!.partnerGraph).toEqual(['DelegatedAdminRelationship.ReadWrite.All', 'GroupMember.Read.All']);
    expect(needs.apply!.partnerCenter).toEqual(['user_impersonation']);
    expect(needs.apply!.gdapRoles).toContain('Exchange Administrator');
    expect(needs.apply!.gdapRoles).toContain('Teams Administrator');
  });

  it('prints fabrikam-logistics as text with the Azure roles for plan and apply', async () => {
    const text = await run(['--tenant', 'fabrikam-logistics']);
    expect(text).toContain('kinds declared: azureRoleAssignment, calendarPermission, contact, contactsPermission, directoryRole, distributionGroup, dynamicDistributionGroup, group, guest, license, mailUser, mailbox, mailboxPermission, membership, user\n');
    expect(text).toContain('Azure RBAC roles on the declared subscriptions:\n  plan, drift, export:\n    - Reader\n  apply:\n    - User Access Administrator\n');
    expect(text).toContain('    - Application.Read.All\n');
    // No Partner Center section: only the optional grants name it, for doctor's customer-record check.
    expect(text).not.toContain('Partner Center API (App+User, signed in as an Admin Agent):\n');
    expect(text).toContain('  - user_impersonation (Partner Center API (App+User, signed in as an Admin Agent)): doctor and customers');
  });

  it('totals every example tenant without the partner sections of tenants that declare none', async () => {
    const text = await run(['--tenant', 'northwind-law']);
    // Its security baseline adds the policy grants: Conditional Access, security defaults, the authorization policy,
    // and the SharePoint sharing settings.
    expect(text).toContain('Microsoft Graph application permissions (customer tenants):\n  plan, drift, export:\n    - Group.Read.All\n    - Organization.Read.All\n    - Policy.Read.All\n    - RoleManagement.Read.Directory\n    - SharePointTenantSettings.Read.All\n    - User.Read.All\n  apply:\n    - Application.Read.All\n    - Group.ReadWrite.All\n');
    expect(text).toContain('    - Policy.ReadWrite.Authorization\n    - Policy.ReadWrite.ConditionalAccess\n    - Policy.ReadWrite.SecurityDefaults\n    - RoleManagement.ReadWrite.Directory\n    - SharePointTenantSettings.ReadWrite.All\n');
    // and the Exchange settings it enforces (external forwarding, SMTP AUTH, auditing) need the Exchange grant.
    expect(text).toContain('Exchange.ManageAsApp');
    expect(text).not.toContain('(partner tenant):\n');
  });
});
