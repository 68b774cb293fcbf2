import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { exportTenant } from '../../src/engine/export.js';
import { kinds } from '../../src/kinds/index.js';
import { withTenantform } from '../support/access.js';
import { clientsFor } from '../support/clients.js';
import { changeList, type RoundTrip, roundTrip, strayGuids } from '../support/pipeline.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e1';
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const BACKUP_APP = '1b2c3d4e-0000-4000-8000-00000000a991';
const plan = (id: string, name: string) => ({ servicePlanId: id, servicePlanName: name });

function seed(): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      skus: [
        { skuId: E3, skuPartNumber: 'SPE_E3', seats: 10, servicePlans: [
          plan('efb87545-963c-4e0d-99df-69c6916d9eb0', 'EXCHANGE_S_ENTERPRISE'),
          plan('7547a3fe-08ee-4ccb-b430-5077c5041653', 'YAMMER_ENTERPRISE'),
          plan('57ff2da0-773e-42df-b2af-ffb7a2317929', 'TEAMS1'),
        ] },
        { skuId: 'c5928f49-12ba-48f7-ada3-0d743a3601d5', skuPartNumber: 'VISIOCLIENT', seats: 2, servicePlans: [plan('aaaaaaaa-0000-4000-8000-000000000001', 'VISIO_CLIENT_SUBSCRIPTION')] },
      ],
      users: [
        { userPrincipalName: 'Alice@contoso.com', displayName: 'Alice Andersson', givenName: 'Alice', surname: 'Andersson', jobTitle: 'Controller',
          department: 'Finance', usageLocation: 'SE', manager: 'bob@contoso.com', businessPhones: ['+46 8 123 456'], employeeId: '0042',
          licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE', 'TEAMS1'] }, { sku: 'VISIOCLIENT' }] },
        { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', usageLocation: 'SE', accountEnabled: false, licenses: [{ sku: 'SPE_E3' }] },
        { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'NO', manager: 'alice@contoso.com' },
        { userPrincipalName: 'dan@contoso.onmicrosoft.com', displayName: 'Dan: "the admin"', mobilePhone: '+46 70 000', businessPhones: ['+46 8 1', '+46 8 2'] },
        { userPrincipalName: 'gina_fabrikam.com#EXT#@contoso.onmicrosoft.com', displayName: 'Gina (Fabrikam)', userType: 'Guest' },
      ],
      servicePrincipals: [{ appId: BACKUP_APP, displayName: 'Backup service' }],
      deletedUsers: [{ userPrincipalName: 'gone@contoso.com', displayName: 'Gone' }],
      groups: [
        { displayName: 'Finance', mailNickname: 'finance', description: 'Finance team', members: ['alice@contoso.com', 'group:finance-sub'], owners: ['bob@contoso.com'] },
        { displayName: 'Finance Sub', mailNickname: 'finance-sub', members: ['carol@contoso.com', 'gina_fabrikam.com#EXT#@contoso.onmicrosoft.com'] },
        { displayName: 'Team', mailNickname: 'team', type: 'microsoft365', visibility: 'Private', members: ['alice@contoso.com'], owners: ['alice@contoso.com', 'carol@contoso.com'] },
        { displayName: 'Sales (dynamic)', mailNickname: 'sales-dyn', membershipRule: 'user.department -eq "Sales"' },
        { displayName: 'Everyone', mailNickname: 'everyone', type: 'microsoft365', membershipRule: 'user.accountEnabled -eq true', membershipRuleProcessingState: 'Paused' },
        { displayName: 'E3 users', mailNickname: 'e3-users', licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], members: ['carol@contoso.com'] },
        { displayName: 'Empty', mailNickname: 'empty' },
      ],
      directoryRoleAssignments: [
        { role: 'User Administrator', principal: 'alice@contoso.com' },
        { role: 'Helpdesk Administrator', principal: 'alice@contoso.com' },
        { role: 'Global Reader', principal: 'dan@contoso.onmicrosoft.com' },
        { role: 'Helpdesk Administrator', principal: 'group:finance' },
        { role: 'Global Reader', principal: `servicePrincipal:${BACKUP_APP}` },
      ],
    }],
  };
}

let emu: RunningEmulator;
let trip: RoundTrip;
beforeAll(async () => {
  // Time stands still but for the clients' waits: carol, licensed for Exchange through e3-users, gets her mailbox only
  // after Exchange's provisioning delay, which on real time fell between the export and a later read on a slow machine.
  emu = await startEmulator({ seed: withTenantform(seed()), clock: new ManualClock() });
  trip = await roundTrip(emu, 'contoso', TENANT);
});
afterAll(async () => {
  await emu.close();
});

describe('export of a seeded tenant', () => {
  it('writes a folder that loads without diagnostics and plans to zero changes', () => {
    expect(trip.diagnostics).toEqual([]);
    expect(trip.plan.diagnostics).toEqual([]);
    expect(changeList(trip.plan)).toEqual([]);
    expect(trip.plan.status).toBe('in_sync');
  });

  it('writes references by natural key, no object ids and nothing secret', () => {
    expect(Object.keys(trip.files)).toEqual(['groups.yaml', 'mailboxes.yaml', 'sharepoint.yaml', 'tenant.yaml', 'users.yaml']);
    expect(strayGuids(trip.files, [TENANT])).toEqual([]);
    const all = Object.values(trip.files).join('\n');
    expect(all).not.toMatch(/password\s*:/i);
    expect(all).not.toMatch(/gone@contoso\.com/);
    for (const text of Object.values(trip.files)) expect(text.startsWith('# yaml-language-server: $schema=../../schemas/tenant-document.schema.json\n')).toBe(true);
    const users = trip.files['users.yaml']!;
    expect(users).toContain('manager: bob@contoso.com');
    expect(users).toContain('- { sku: SPE_E3, disabledPlans: [ TEAMS1, YAMMER_ENTERPRISE ] }');
    expect(users).toContain('roles: [ Helpdesk Administrator, User Administrator ]');
    expect(users).toContain('employeeId: "0042"');
    expect(users).toContain('# passwords not exported');
    // 2 seeded, and the Exchange Administrator role of each of the test world's three apps with Exchange access.
    expect(users).toContain('# 5 role assignments to groups, service principals or foreign principals not exported');
    expect(users).toMatch(/ {2}# businessPhones not exported: 2 numbers, the YAML model takes one\n {2}- userPrincipalName: dan@contoso\.onmicrosoft\.com\n/);
    const groups = trip.files['groups.yaml']!;
    expect(groups).toContain('      - group:finance-sub');
    expect(groups).toContain('membershipRuleProcessingState: Paused');
    expect(groups).toContain('- { sku: SPE_E3, disabledPlans: [ YAMMER_ENTERPRISE ] }');
    expect(trip.files['tenant.yaml']).toContain('primaryDomain: contoso.com');
  });

  it('lists entries sorted by key and gives identical bytes on a second export', async () => {
    const again = await exportTenant({ clients: clientsFor(emu, TENANT), kinds, tenant: { name: 'contoso', tenantId: TENANT } });
    expect(Object.fromEntries(again.files.map((f) => [f.name, f.content]))).toEqual(trip.files);
    const upns = [...trip.files['users.yaml']!.matchAll(/- userPrincipalName: (\S+)/g)].map((m) => m[1]!.toLowerCase());
    expect(upns).toEqual([...upns].sort());
    const nicks = [...trip.files['groups.yaml']!.matchAll(/- mailNickname: (\S+)/g)].map((m) => m[1]!);
    expect(nicks).toEqual(['e3-users', 'empty', 'everyone', 'finance', 'finance-sub', 'sales-dyn', 'team']);
  });

  it('refuses a tenant whose live id differs', async () => {
    const other = '6b1a3c6e-0000-4000-8000-0000000000e2';
    await expect(exportTenant({ clients: clientsFor(emu, TENANT), kinds, tenant: { name: 'x', tenantId: other } })).rejects.toThrow(/tenantId mismatch/);
  });
});
