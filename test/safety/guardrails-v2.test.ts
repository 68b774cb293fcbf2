// Guardrails beyond deletes, through `tenantform plan` against the emulator over HTTP: the last Global Administrator,
// groups left without owners, the removal and delete budgets listing what they refuse, and the cross-tenant tenantId
// and domain checks under --tenant and --shard, which refuse before any request.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/cli/plan.js';
import type { TenantConfig } from '../../src/config/model.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { listed } from '../../src/plan/guardrails.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { withTenantform } from '../support/access.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, fabrikam, type Folder, workDir, writeFolder } from '../support/folders.js';
import { portalChange, stats } from '../support/http.js';
import { CONTOSO, FABRIKAM } from '../support/seed.js';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const BREAKGLASS = 'breakglass@contoso.onmicrosoft.com';

let emu: RunningEmulator;
beforeEach(async () => {
  const doc = cliEstate();
  const c = doc.tenants[0]!;
  c.users!.push({ userPrincipalName: BREAKGLASS, displayName: 'Break Glass' });
  c.directoryRoleAssignments!.push({ role: 'Global Administrator', principal: BREAKGLASS });
  c.groups![0]!.owners = ['bob@contoso.com'];
  emu = await startEmulator({ seed: withTenantform(doc) });
});
afterEach(async () => {
  await emu.close();
});

type Sections = Omit<TenantConfig, 'tenant'>;
const tenant = (sections: Sections, domains = ['contoso.com', 'contoso.onmicrosoft.com']): Folder => ({ ...contoso(sections), domains });

/** Plans the folders through the CLI; the saved plan's contoso tenant, the exit code and stderr. */
async function plan(folders: Folder[]): Promise<{ code: number; tp: TenantPlan; err: string }> {
  const w = workDir(folders);
  const out = join(w.root, 'plan.json');
  const p = cli();
  const code = await runPlan({ dir: w.dir, emulator: emu.url, out, format: 'json' }, p.deps);
  const tp = (await readPlanFile(out)).tenants.find((t) => t.name === 'contoso')!;
  return { code, tp, err: p.err() };
}

const errors = (tp: TenantPlan) => tp.diagnostics.filter((d) => d.severity === 'error');
const breakglass = (roles: string[], policy?: TenantConfig['policy']): Sections => ({
  users: [{ userPrincipalName: BREAKGLASS, displayName: 'Break Glass', roles }],
  ...(policy ? { policy } : {}),
});

describe('the last Global Administrator', () => {
  it('refuses to take Global Administrator from the only holder, pointing at its roles', async () => {
    const { code, tp } = await plan([tenant(breakglass(['User Administrator']))]);
    expect(code).toBe(1);
    expect(tp).toMatchObject({ status: 'error', changes: [] });
    const [e] = errors(tp);
    expect(e?.summary).toContain(`directoryRole:${BREAKGLASS}/Global Administrator`);
    expect(e?.summary).toContain(`${BREAKGLASS} is the last enabled user holding it`);
    expect(e).toMatchObject({ path: 'users[0].roles', file: expect.stringMatching(/tenants\/contoso\/tenant\.yaml$/), line: expect.any(Number) });
  });

  it('plans the removal with policy.allow.removeLastGlobalAdmin', async () => {
    const { tp } = await plan([tenant(breakglass(['User Administrator'], { allow: { removeLastGlobalAdmin: true } }))]);
    expect(errors(tp)).toEqual([]);
    expect(tp.changes.map((c) => `${c.action} ${c.address}`)).toContain(`delete directoryRole:${BREAKGLASS}/Global Administrator`);
  });

  it('allows the removal once a second Global Administrator was added in the portal', async () => {
    const admin = emu.state.tenants.get(CONTOSO)!.upnIndex.get('admin@contoso.onmicrosoft.com')!;
    await portalChange(emu, CONTOSO, [
      { method: 'POST', url: '/roleManagement/directory/roleAssignments', body: { roleDefinitionId: GLOBAL_ADMIN, principalId: admin, directoryScopeId: '/' } },
    ]);
    const { tp } = await plan([tenant(breakglass(['User Administrator']))]);
    expect(errors(tp)).toEqual([]);
    expect(tp.changes.map((c) => `${c.action} ${c.address}`)).toContain(`delete directoryRole:${BREAKGLASS}/Global Administrator`);
  });

  it('refuses disabling the only holder', async () => {
    const sections: Sections = { users: [{ userPrincipalName: BREAKGLASS, accountEnabled: false, roles: ['Global Administrator'] }] };
    const { tp } = await plan([tenant(sections)]);
    expect(errors(tp).map((e) => [e.address, e.path])).toEqual([[`user:${BREAKGLASS}`, 'users[0].accountEnabled']]);
  });
});

describe('groups without owners', () => {
  const finance = (owners: string[], policy?: TenantConfig['policy']): Sections => ({
    groups: [{ mailNickname: 'finance', displayName: 'Finance', owners }],
    ...(policy ? { policy } : {}),
  });

  it('refuses owners: [] on a group that has an owner', async () => {
    const { code, tp } = await plan([tenant(finance([]))]);
    expect(code).toBe(1);
    expect(tp).toMatchObject({ status: 'error', changes: [] });
    expect(errors(tp)).toMatchObject([{ address: 'membership:finance', path: 'groups[0].owners', summary: expect.stringContaining('user:bob@contoso.com') }]);
  });

  it('plans it with policy.allow.ownerlessGroups', async () => {
    const { tp } = await plan([tenant(finance([], { allow: { ownerlessGroups: true } }))]);
    expect(errors(tp)).toEqual([]);
    expect(tp.changes.find((c) => c.address === 'membership:finance')?.fields).toMatchObject([{ path: 'owners', removed: ['user:bob@contoso.com'] }]);
  });
});

describe('budgets list what they refuse', () => {
  it('refuses member removals over maxRemovals, listing each member', async () => {
    const sections: Sections = {
      users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson' }],
      groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['alice@contoso.com'] }],
      policy: { maxRemovals: 1 },
    };
    const { code, tp } = await plan([tenant(sections)]);
    expect(code).toBe(1);
    expect(tp).toMatchObject({ status: 'error', changes: [] });
    const [e] = errors(tp);
    expect(e?.summary).toBe('plan refused: 2 removals of members, owners and role assignments exceed maxRemovals 1');
    expect(e?.detail).toContain('membership:finance: member user:bob@contoso.com, membership:finance: member user:carol@contoso.com;');
    expect(e?.path).toBe('policy.maxRemovals');
  });

  it('counts a directory role removal as a removal', async () => {
    const sections: Sections = { users: [{ userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', roles: ['User Administrator'] }], policy: { maxRemovals: 0 } };
    const { tp } = await plan([tenant(sections)]);
    expect(errors(tp)[0]?.detail).toBe('removals: directoryRole:carol@contoso.com/Helpdesk Administrator; raise policy.maxRemovals or split the change if these removals are intended');
  });

  it('refuses deletes over maxDeletes, listing the objects', async () => {
    const sections: Sections = {
      users: [{ userPrincipalName: 'olduser@contoso.com', ensure: 'absent' }, { userPrincipalName: 'bob@contoso.com', ensure: 'absent' }],
      policy: { maxDeletes: 1 },
    };
    const { tp } = await plan([tenant(sections)]);
    const [e] = errors(tp);
    expect(e?.summary).toBe('plan refused: 2 deletes exceed maxDeletes 1');
    expect(e?.detail).toMatch(/^deletes: user:bob@contoso\.com, user:olduser@contoso\.com;|^deletes: user:olduser@contoso\.com, user:bob@contoso\.com;/);
  });
});

describe('cross-tenant checks whatever the selection', () => {
  // Every route but the emulator's own control endpoints (this count is one of them).
  const requests = async () => Object.entries((await stats(emu)).requests).reduce((n, [route, count]) => (route === 'control' ? n : n + count), 0);

  async function refused(folders: Folder[], select: { tenant?: string[]; shard?: string }): Promise<string> {
    const w = workDir(folders);
    const p = cli();
    const before = await requests();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, ...select }, p.deps)).toBe(1);
    expect(await requests()).toBe(before);
    return p.err();
  }

  it('plan --tenant copy refuses a tenantId that another folder has, naming both folders, with no request', async () => {
    const copy: Folder = { name: 'copy', tenantId: CONTOSO.toUpperCase(), domains: ['copy.com'], sections: {} };
    const err = await refused([contoso({}), copy], { tenant: ['copy'] });
    expect(err).toMatch(/tenants\/copy\/tenant\.yaml:\d+:\d+: error: tenant\.tenantId: .* is also the tenantId of tenant "contoso" \(.*tenants\/contoso\/tenant\.yaml:\d+:\d+\)/);
    expect(err).toContain('no tenant was contacted');
  });

  it('plan --tenant contoso refuses a domain another folder has, with no request', async () => {
    const copy: Folder = { name: 'copy', tenantId: FABRIKAM.replace('f2', 'f9'), domains: ['other.com', 'Contoso.com'], sections: {} };
    const err = await refused([contoso({}), copy], { tenant: ['contoso'] });
    expect(err).toMatch(/tenants\/contoso\/tenant\.yaml:\d+:\d+: error: tenant\.domains\[0\]: contoso\.com is also the domain of tenant "copy" \(.*tenants\/copy\/tenant\.yaml:\d+:\d+\)/);
  });

  it.each(['1/2', '2/2'])('plan --shard %s refuses a duplicate domain, whichever shard the folders fall in', async (shard) => {
    const copy: Folder = { name: 'copy', tenantId: FABRIKAM.replace('f2', 'f9'), domains: ['fabrikam.com'], sections: {} };
    const err = await refused([contoso({}), fabrikam({}), copy], { shard });
    expect(err).toMatch(/tenants\/fabrikam\/tenant\.yaml:\d+:\d+: error: tenant\.domains\[0\]: fabrikam\.com is also the domain of tenant "copy"/);
  });

  it('a selection without duplicates still plans and reaches the emulator', async () => {
    const w = workDir([contoso({}), fabrikam({})]);
    writeFolder(w.dir, { name: 'northwind', tenantId: FABRIKAM.replace('f2', 'f8'), domains: ['northwind.com'], sections: {} });
    const p = cli();
    const before = await requests();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, tenant: ['fabrikam'] }, p.deps)).toBe(0);
    expect(p.err()).toBe('');
    expect(await requests()).toBeGreaterThan(before);
  });
});

describe('refusal lists stay bounded', () => {
  it('names 20 objects and counts the rest', () => {
    const items = Array.from({ length: 23 }, (_, i) => `user:u${i}@contoso.com`);
    expect(listed(items)).toBe(`${items.slice(0, 20).join(', ')}, … and 3 more`);
    expect(listed(items.slice(0, 2))).toBe('user:u0@contoso.com, user:u1@contoso.com');
  });
});
