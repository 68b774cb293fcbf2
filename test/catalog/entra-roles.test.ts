// The Entra role catalogue: it holds the roles tenantform's examples, seed and permission lists name, with
// Microsoft's template ids; lookups and suggestions behave as diagnostics need; the emulator serves the same roles;
// and a GDAP relationship with a real role outside the emulator's former 13 plans and applies against it.
import { copyExamples, DEMO_SEED } from '../support/examples.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closestName, didYouMean, ENTRA_ROLES, entraRoleById, entraRoleByName, findEntraRole, GLOBAL_ADMIN_ROLE, suggestEntraRole,
} from '../../src/catalog/entra-roles.js';
import { loadTenants } from '../../src/config/index.js';
import type { LoadedTenant, TenantConfig } from '../../src/config/model.js';
import { BUILT_IN_ROLES } from '../../src/emulator/graph/roles.js';
import { relationships } from '../../src/emulator/graph/gdap-model.js';
import { applyPlan } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { roleIds } from '../../src/kinds/gdap/model.js';
import { kinds as allKinds } from '../../src/kinds/index.js';
import { BASELINE } from '../../src/kinds/permissions.js';
import { startAzure, type World } from '../support/clients.js';
import { NOW } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLOUD_APP_ADMIN = '158c047a-c907-4556-b7ef-446551a6b5f7';

describe('the catalogue', () => {
  it('pins the template ids of the roles tenantform uses to Microsoft\'s', () => {
    expect(Object.fromEntries([
      'Global Administrator', 'Helpdesk Administrator', 'User Administrator', 'Exchange Administrator', 'License Administrator',
      'Billing Administrator', 'Directory Readers', 'Global Reader', 'Groups Administrator', 'Cloud Application Administrator',
    ].map((name) => [name, entraRoleByName(name)?.templateId]))).toEqual({
      'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
      'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
      'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
      'Exchange Administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
      'License Administrator': '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
      'Billing Administrator': 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
      'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
      'Global Reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
      'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
      'Cloud Application Administrator': CLOUD_APP_ADMIN,
    });
    expect(GLOBAL_ADMIN_ROLE).toBe(entraRoleByName('Global Administrator')?.templateId);
  });

  it('is well formed: lower-case GUIDs and names, each unique, sorted as the published table', () => {
    expect(ENTRA_ROLES.length).toBeGreaterThan(100);
    expect(ENTRA_ROLES.filter((r) => !GUID.test(r.templateId))).toEqual([]);
    expect(new Set(ENTRA_ROLES.map((r) => r.templateId)).size).toBe(ENTRA_ROLES.length);
    expect(new Set(ENTRA_ROLES.map((r) => r.displayName.toLowerCase())).size).toBe(ENTRA_ROLES.length);
    const names = ENTRA_ROLES.map((r) => r.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('holds every role the example tenants, the demo seed and the permission lists name', async () => {
    const examples = copyExamples();
    const { tenants } = await loadTenants({ dir: examples.dir, now: NOW, kinds: allKinds });
    const fromTenants = tenants.flatMap(({ config }: { config: TenantConfig }) => [
      ...(config.users ?? []).flatMap((u) => u.roles ?? []),
      ...(config.partner?.gdap ?? []).flatMap((g) => [...g.roles, ...(g.access ?? []).flatMap((a) => a.roles)]),
    ]);
    const seed = parse(readFileSync(DEMO_SEED, 'utf8')) as {
      partner?: { gdapRelationships?: { roles: string[]; accessAssignments?: { roles: string[] }[] }[] };
      tenants: { directoryRoleAssignments?: { role: string }[] }[];
    };
    const fromSeed = [
      ...seed.tenants.flatMap((t) => (t.directoryRoleAssignments ?? []).map((a) => a.role)),
      ...(seed.partner?.gdapRelationships ?? []).flatMap((g) => [...g.roles, ...(g.accessAssignments ?? []).flatMap((a) => a.roles)]),
    ];
    const fromPermissions = [BASELINE, ...allKinds.flatMap((k) => [k.permissions.read, k.permissions.write])].flatMap((g) => g.gdapRoles ?? []);
    for (const names of [fromTenants, fromSeed, fromPermissions]) expect(names.length).toBeGreaterThan(0);
    const missing = [...new Set([...fromTenants, ...fromSeed, ...fromPermissions])].filter((n) => !entraRoleByName(n));
    expect(missing).toEqual([]);
  });

  it('looks roles up by name or template id, ignoring case', () => {
    expect(findEntraRole('helpdesk ADMINISTRATOR')?.templateId).toBe('729827e3-9c14-49f7-bb1b-9608f156bbb8');
    expect(findEntraRole('729827E3-9C14-49F7-BB1B-9608F156BBB8')?.displayName).toBe('Helpdesk Administrator');
    expect(entraRoleById(CLOUD_APP_ADMIN)?.displayName).toBe('Cloud Application Administrator');
    expect(entraRoleById('Helpdesk Administrator')).toBeUndefined();
    expect(findEntraRole('Helpdesk Admin')).toBeUndefined();
  });

  it('suggests the nearest role for a typo or a shortened name, and nothing for a stranger', () => {
    expect(suggestEntraRole('Helpdesk Admin')).toBe('Helpdesk Administrator');
    expect(suggestEntraRole('Global Adminstrator')).toBe('Global Administrator');
    expect(suggestEntraRole('cloud aplication administrator')).toBe('Cloud Application Administrator');
    expect(suggestEntraRole('Nope')).toBeUndefined();
    expect(didYouMean('Exchange Admin')).toBe(' (did you mean "Exchange Administrator"?)');
    expect(didYouMean('Contoso Helpdsk', ['Contoso Helpdesk', 'Helpdesk Administrator'])).toBe(' (did you mean "Contoso Helpdesk"?)');
    expect(closestName('zzz', ['Global Reader'])).toBeUndefined();
  });

  it('is what the emulator serves, so role ids agree on both sides', () => {
    expect(BUILT_IN_ROLES.map((r) => [r.id, r.displayName])).toEqual(ENTRA_ROLES.map((r) => [r.templateId, r.displayName]));
  });
});

describe('GDAP roles beyond the emulator\'s former 13', () => {
  const kinds = allKinds.filter((k) => k.kind === 'gdap');
  let w: World | undefined;
  afterEach(async () => { await w?.close(); w = undefined; });

  const tenant = (roles: string[]): LoadedTenant => {
    const config = {
      tenant: { name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'] },
      partner: { gdap: [{ displayName: 'contoso-apps', duration: 'P730D', roles }] },
    } as TenantConfig;
    return { name: 'contoso', dir: 'tenants/contoso', config, files: ['tenants/contoso/partner.yaml'], locate: () => undefined, diagnostics: [] };
  };

  it('resolves names to template ids and marks unknown ones with a suggestion', () => {
    expect(roleIds(['Cloud Application Administrator', 'Helpdesk Administrator'])).toEqual({
      ids: [CLOUD_APP_ADMIN, '729827e3-9c14-49f7-bb1b-9608f156bbb8'].sort(), unknown: [],
    });
    expect(roleIds(['Cloud Aplication Admin', 'Nope']).unknown).toEqual(['Cloud Aplication Admin (did you mean "Cloud Application Administrator"?)', 'Nope']);
  });

  it('plans and applies "Cloud Application Administrator" against the emulator, then converges', async () => {
    w = await startAzure();
    const world = w;
    const t = tenant(['Cloud Application Administrator']);
    const plan = await planRun({ tenants: [t], clientsFor: () => world.clients(), kinds });
    expect(plan.tenants[0]?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.tenants[0]?.changes).toMatchObject([{ action: 'create', address: 'gdap:contoso-apps', after: { roles: [CLOUD_APP_ADMIN] } }]);
    const summary = await applyPlan({ plan, tenants: [t], clientsFor: () => world.clients(), kinds, log: () => {} });
    expect(summary.status).toBe('success');
    expect(relationships(world.server.state).map((r) => r.roles)).toEqual([[CLOUD_APP_ADMIN]]);
    expect((await planRun({ tenants: [t], clientsFor: () => world.clients(), kinds })).tenants[0]?.changes).toEqual([]);
  });

  it('names the role it cannot resolve, with the nearest real one', async () => {
    w = await startAzure();
    const world = w;
    const plan = await planRun({ tenants: [tenant(['Cloud Aplication Administrator'])], clientsFor: () => world.clients(), kinds });
    expect(plan.tenants[0]).toMatchObject({ status: 'error', changes: [] });
    expect(plan.tenants[0]?.diagnostics).toContainEqual(expect.objectContaining({
      severity: 'error', path: 'partner.gdap[0].roles',
      summary: 'unknown Entra role(s) Cloud Aplication Administrator (did you mean "Cloud Application Administrator"?)',
    }));
  });
});
