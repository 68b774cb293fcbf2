import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { permissionsFor } from '../../src/kinds/permissions.js';
import { registerPermissions, renderPermissions } from '../../src/cli/permissions.js';
import { readCustomers, tenantLinks } from '../../src/kinds/azure/tenant-links.js';
import type { LoadedTenant, TenantConfig } from '../../src/config/model.js';
import { startAzure, type World } from '../support/clients.js';
import { CONTOSO, SUB } from '../support/seed.js';
import { runCommand } from '../support/cli.js';

const config = (rest: Partial<TenantConfig>): TenantConfig => ({ tenant: { name: 't', tenantId: CONTOSO, domains: ['contoso.com'] }, ...rest }) as TenantConfig;
const folder = (name: string, tenantId: string): LoadedTenant => ({ name, dir: name, files: [], locate: () => undefined, diagnostics: [], config: { tenant: { name, tenantId, domains: ['x.com'] } } as TenantConfig });

describe('permissions', () => {
  it('lists only what the declared kinds need', () => {
    const needs = permissionsFor([
      config({ users: [{ userPrincipalName: 'a@contoso.com', displayName: 'A', licenses: [{ sku: 'SPE_E3' }] }] }),
      config({ partner: { gdap: [{ displayName: 'g', duration: 'P730D', roles: ['Helpdesk Administrator'] }], seats: [{ sku: 'SPE_E3', quantity: 1 }] } }),
    ]);
    expect(needs.kinds).toEqual(['gdap', 'license', 'seats', 'user']);
    // Groups and directory roles are read by every plan for the inventory of undeclared objects, whatever is declared.
    expect(needs.plan.graph).toEqual(['Group.Read.All', 'Organization.Read.All', 'RoleManagement.Read.Directory', 'User.Read.All']);
    expect(needs.apply.graph).toEqual(['Group.Read.All', 'Organization.Read.All', 'RoleManagement.Read.Directory', 'User.ReadWrite.All']);
    expect(needs.plan.partnerGraph).toEqual(['DelegatedAdminRelationship.Read.All', 'GroupMember.Read.All']);
    expect(needs.apply.partnerGraph).toEqual(['DelegatedAdminRelationship.ReadWrite.All', 'GroupMember.Read.All']);
    expect(needs.apply.gdapRoles).toEqual(['Directory Readers', 'License Administrator', 'User Administrator']);
    expect(needs.apply.partnerCenter).toEqual(['user_impersonation']);
    expect(needs.apply.arm).toEqual([]);
    expect(needs.apply.exchange).toEqual([]);
    const text = renderPermissions(needs);
    expect(text).toContain('Entra roles the GDAP relationships must include:\n  plan, drift, export:\n    - Directory Readers');
    expect(text).not.toContain('Exchange Online');
  });

  describe('command', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tf-perm-'));
      await mkdir(join(dir, 'tenants', 'contoso'), { recursive: true });
      await mkdir(join(dir, '.git'));
      await writeFile(join(dir, 'tenants', 'contoso', 'tenant.yaml'), [
        `tenant: { name: contoso, tenantId: ${CONTOSO}, domains: [contoso.com] }`,
        'groups: [{ mailNickname: azure-admins, displayName: Azure Admins, type: security }]',
        `azure: { subscriptions: [{ id: ${SUB}, roleAssignments: [{ principal: "group:azure-admins", role: Owner }] }] }`, '',
      ].join('\n'));
    });
    afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

    it('prints the needs of the loaded tenants as JSON', async () => {
      const out = await runCommand(registerPermissions, ['permissions', '--dir', join(dir, 'tenants'), '--format', 'json']);
      expect(process.exitCode ?? 0, out).toBe(0);
      const needs = JSON.parse(out) as { kinds: string[]; plan: { arm: string[] }; apply: { arm: string[] } };
      expect(needs.kinds).toEqual(['azureRoleAssignment', 'group']);
      expect(needs.plan.arm).toEqual(['Reader']);
      expect(needs.apply.arm).toEqual(['User Access Administrator']);
    });
  });
});

describe('tenant links', () => {
  let w: World;
  beforeAll(async () => { w = await startAzure({ pageSize: 1 }); });
  afterAll(async () => { await w.close(); });

  it('reads every customer across continuation pages and reports both directions', async () => {
    const customers = await readCustomers(w.clients().partnerCenter!);
    expect(customers.map((c) => c.companyName)).toEqual(['Contoso Ltd', 'Orphan Inc']);
    const links = tenantLinks(customers, [folder('contoso', CONTOSO.toUpperCase()), folder('stray', '00000000-0000-4000-8000-00000000dead')]);
    expect(links.linked).toBe(1);
    expect(links.unlinked.map((c) => c.companyName)).toEqual(['Orphan Inc']);
    expect(links.notCustomers).toEqual([{ name: 'stray', tenantId: '00000000-0000-4000-8000-00000000dead' }]);
  });
});
