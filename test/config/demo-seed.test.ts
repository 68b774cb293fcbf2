// The demo seed is the "live" side of the example tenants. It must load in the emulator, and it must differ from the
// YAML by exactly the drift it advertises, so that the demo's first plan shows that drift and nothing else.
import { afterAll, expect, test } from 'vitest';
import { loadTenants } from '../../src/config/index.js';
import type { TenantConfig } from '../../src/config/model.js';
import { loadSeed, SeedError, type SeedDocument, type SeedTenant } from '../../src/emulator/seed.js';
import { stateFromSeed } from '../../src/emulator/seeding.js';
import { copyExamples } from '../support/examples.js';
import { DEMO_SEED as SEED } from '../support/examples.js';
import { kinds } from '../../src/kinds/index.js';
import { NOW } from '../support/folders.js';

const examples = copyExamples();
afterAll(() => examples.remove());

async function estate(): Promise<{ seed: SeedDocument; pairs: Array<[string, TenantConfig, SeedTenant]> }> {
  const seed = loadSeed(SEED);
  const { tenants } = await loadTenants({ dir: examples.dir, repoRoot: examples.root, now: NOW, kinds });
  const pairs = tenants.map((t): [string, TenantConfig, SeedTenant] => {
    const live = seed.tenants.find((s) => s.tenantId === t.config.tenant.tenantId);
    if (!live) throw new Error(`${t.name} is not in the seed`);
    return [t.name, t.config, live];
  });
  return { seed, pairs };
}

const lower = (s: string) => s.toLowerCase();

test('the seed validates and builds an emulator state with the partner and the three customers', async () => {
  const { seed, pairs } = await estate();
  const state = stateFromSeed(seed);
  expect(state.tenants.size).toBe(4);
  expect(seed.partner?.displayName).toBe('Tailspin Cloud Partners');
  expect(seed.partner?.groups?.map((g) => g.displayName)).toEqual(['Partner Helpdesk Agents', 'Partner Admin Agents']);
  for (const [, config, live] of pairs) expect(live.domains).toEqual(config.tenant.domains);
});

test('users differ from the YAML by exactly one missing new hire, one stale job title and one guest not yet invited', async () => {
  const drift: string[] = [];
  for (const [name, config, live] of (await estate()).pairs) {
    const liveUsers = new Map((live.users ?? []).map((u) => [lower(u.userPrincipalName), u]));
    for (const u of config.users ?? []) {
      const l = liveUsers.get(lower(u.userPrincipalName));
      if (!l) {
        drift.push(`${name}: ${u.userPrincipalName} missing`);
        continue;
      }
      for (const f of ['displayName', 'jobTitle', 'department', 'usageLocation', 'manager', 'accountEnabled'] as const) {
        if (u[f] !== undefined && u[f] !== l[f]) drift.push(`${name}: ${u.userPrincipalName} ${f} ${String(l[f])} → ${String(u[f])}`);
      }
      const skus = (x: { licenses?: Array<{ sku: string }> }) => (x.licenses ?? []).map((s) => s.sku).join(',');
      if (skus(u) !== skus(l)) drift.push(`${name}: ${u.userPrincipalName} licenses [${skus(l)}] → [${skus(u)}]`);
    }
    const declared = new Set((config.users ?? []).map((u) => lower(u.userPrincipalName)));
    for (const u of live.users ?? []) if (u.userType !== 'Guest' && !declared.has(lower(u.userPrincipalName))) drift.push(`${name}: ${u.userPrincipalName} unmanaged`);
    // Guests are the guest kind's, keyed by the address they were invited as (their mail).
    const guests = new Set((config.guests ?? []).map((g) => lower(g.email)));
    for (const u of live.users ?? []) if (u.userType === 'Guest' && !guests.has(lower(u.mail ?? ''))) drift.push(`${name}: guest ${u.mail ?? u.userPrincipalName} unmanaged`);
    for (const g of config.guests ?? []) if (!(live.users ?? []).some((u) => u.userType === 'Guest' && lower(u.mail ?? '') === lower(g.email))) drift.push(`${name}: guest ${g.email} missing`);
  }
  expect(drift).toEqual([
    'fabrikam-logistics: nora.sjogren@fabrikamlogistics.com missing',
    'fabrikam-logistics: guest d.ferreira@ferreira-customs.pt missing',
    'northwind-law: rachel.kim@northwindlaw.com jobTitle Associate → Senior Associate',
    // The consequence of the seat shortfall below: the tenth user could not be licensed.
    'northwind-law: marcus.bell@northwindlaw.com licenses [] → [SPB]',
  ]);
});

test('group members differ by exactly one extra member (and the new hire not yet added)', async () => {
  const drift: string[] = [];
  for (const [name, config, live] of (await estate()).pairs) {
    const liveGroups = [...(live.groups ?? []), ...(live.distributionGroups ?? []).map((g) => ({ ...g, mailNickname: g.alias }))];
    for (const g of config.groups ?? []) {
      const l = liveGroups.find((x) => x.mailNickname === g.mailNickname);
      if (!l) {
        drift.push(`${name}: group ${g.mailNickname} missing`);
        continue;
      }
      const want = new Set((g.members ?? []).map(lower));
      // A guest member is seeded by its #EXT# UPN and declared by the address it was invited as.
      const mailOf = new Map((live.users ?? []).filter((u) => u.userType === 'Guest' && u.mail).map((u) => [lower(u.userPrincipalName), lower(u.mail!)]));
      const have = new Set((l.members ?? []).map(lower).map((m) => mailOf.get(m) ?? m));
      for (const m of have) if (!want.has(m)) drift.push(`${name}: group ${g.mailNickname} has extra member ${m}`);
      for (const m of want) if (!have.has(m)) drift.push(`${name}: group ${g.mailNickname} lacks ${m}`);
    }
  }
  expect(drift).toEqual([
    'fabrikam-logistics: group azure-admins has extra member ida.wallin@fabrikamlogistics.com',
    'fabrikam-logistics: group lic-exchange-kiosk lacks nora.sjogren@fabrikamlogistics.com',
  ]);
});

test('seats cover what the YAML assigns, except one Business Premium seat short at northwind-law', async () => {
  const drift: string[] = [];
  for (const [name, config, live] of (await estate()).pairs) {
    const assigned = new Map<string, Set<string>>();
    const add = (sku: string, upn: string) => assigned.set(sku, (assigned.get(sku) ?? new Set()).add(lower(upn)));
    for (const u of config.users ?? []) for (const l of u.licenses ?? []) add(l.sku, u.userPrincipalName);
    for (const g of config.groups ?? []) for (const l of g.licenses ?? []) for (const m of g.members ?? []) add(l.sku, m);
    for (const [sku, users] of assigned) {
      const seats = live.skus.find((s) => s.skuPartNumber === sku)?.seats ?? 0;
      if (seats < users.size) drift.push(`${name}: ${sku} ${seats} seats for ${users.size} users`);
    }
  }
  expect(drift).toEqual(['northwind-law: SPB 9 seats for 10 users']);
});

test('mailboxes, contacts, Azure, GDAP, admin link and Partner Center match the YAML', async () => {
  const { seed, pairs } = await estate();
  for (const [name, config, live] of pairs) {
    expect((live.mailboxes ?? []).map((m) => m.address), name).toEqual((config.mailboxes ?? []).map((m) => m.address));
    expect((live.contacts ?? []).map((m) => m.address), name).toEqual((config.contacts ?? []).map((m) => m.address));
    const assignments = (live.subscriptions ?? []).flatMap((s) => (s.roleAssignments ?? []).map((r) => `${s.subscriptionId} ${r.principal} ${r.role} ${r.scope ?? '/'}`));
    const declared = (config.azure?.subscriptions ?? []).flatMap((s) =>
      (s.roleAssignments ?? []).map((r) => `${s.id} ${r.principal.replace(/^user:/, '')} ${r.role} ${r.scope ?? '/'}`),
    );
    expect(assignments, name).toEqual(declared);
    expect(live.adminLink?.partnerId, name).toBe(config.partner?.adminLink?.partnerId);
    const customer = seed.partner?.customers?.find((c) => c.tenantId === config.tenant.tenantId);
    for (const s of config.partner?.seats ?? []) {
      // The one intended difference: northwind-law's YAML buys the Business Premium seat its tenth user lacks.
      const expected = name === 'northwind-law' && s.sku === 'SPB' ? s.quantity - 1 : s.quantity;
      expect(customer?.subscriptions?.find((x) => x.skuPartNumber === s.sku)?.quantity, name).toBe(expected);
    }
    const gdap = seed.partner?.gdapRelationships?.filter((r) => r.customerTenantId === config.tenant.tenantId) ?? [];
    expect(gdap.map((r) => [r.displayName, r.roles]), name).toEqual((config.partner?.gdap ?? []).map((g) => [g.displayName, g.roles]));
  }
});

test('booking settings, contact companies and delivery restrictions match the YAML', async () => {
  for (const [name, config, live] of (await estate()).pairs) {
    for (const m of config.mailboxes ?? []) {
      const l = live.mailboxes?.find((x) => x.address === m.address);
      expect(l?.room, `${name} ${m.address}`).toEqual(m.room);
    }
    for (const c of config.contacts ?? []) {
      expect(live.contacts?.find((x) => x.address === c.address)?.company, `${name} ${c.address}`).toBe(c.company);
    }
    for (const g of config.groups ?? []) {
      if (g.type !== 'distribution' && g.type !== 'mailEnabledSecurity') continue;
      const l = live.distributionGroups?.find((x) => x.alias === g.mailNickname);
      const r = g.deliveryRestrictions ?? {};
      expect(l?.acceptFrom, `${name} ${g.mailNickname}`).toEqual(r.acceptFrom);
      expect(l?.rejectFrom, `${name} ${g.mailNickname}`).toEqual(r.rejectFrom);
      if (r.requireAuthenticatedSenders !== undefined) expect(l?.requireSenderAuthenticationEnabled, `${name} ${g.mailNickname}`).toBe(r.requireAuthenticatedSenders);
    }
  }
});

test('booking settings are refused on a mailbox that is not a room or equipment', () => {
  const doc: SeedDocument = {
    tenants: [{
      tenantId: '6b1a3c6e-0000-4000-8000-000000000009', displayName: 'T', domains: ['t.com'], skus: [],
      mailboxes: [{ address: 'info@t.com', type: 'shared', room: { capacity: 4 } }],
    }],
  };
  expect(() => loadSeed(doc)).toThrow(SeedError);
  expect(() => loadSeed(doc)).toThrow(/mailboxes\/0\/room: booking settings need a room or equipment mailbox/);
});
