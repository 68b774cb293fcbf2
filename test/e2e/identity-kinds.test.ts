// Identity for every collection kind on the reconcile core: two live objects for one key are an error on the tenant
// naming both ids, with nothing planned for that key, and a wire read that finds several objects for one name does
// not pick one. Each case runs `tenantform plan` against the emulator over HTTP.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { exchangeOf } from '../../src/emulator/exchange/model.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { type Folder, workDir } from '../support/folders.js';
import { CONTOSO, SUB } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const folder = (sections: Folder['sections']): Folder => ({ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com', 'contoso.onmicrosoft.com'], sections });

async function plan(dir: string, file: string): Promise<TenantPlan> {
  const c = cli();
  await runPlan({ dir, emulator: emu!.url, out: file }, c.deps);
  if (!existsSync(file)) throw new Error(`no plan was saved: ${c.err()}`);
  return (await readPlanFile(file)).tenants[0]!;
}

async function planOf(change: (doc: SeedDocument) => void, sections: Folder['sections']): Promise<TenantPlan> {
  const doc = cliEstate();
  change(doc);
  emu = await startEmulator({ seed: doc });
  const w = workDir([folder(sections)]);
  return plan(w.dir, join(w.root, 'plan.json'));
}

const contoso = (doc: SeedDocument) => doc.tenants.find((t) => t.tenantId === CONTOSO)!;
const errors = (tp: TenantPlan): string => tp.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary).join('\n');
const exchange = () => exchangeOf(emu!.state.tenants.get(CONTOSO)!);

/** The tenant is refused, the error names every id, and nothing is planned for the address. */
function expectAmbiguous(tp: TenantPlan, address: string, ids: string[]): void {
  expect(tp.status).toBe('error');
  const line = errors(tp).split('\n').find((s) => s.startsWith(`${address}: `)) ?? errors(tp);
  expect(line).toContain('tenantform will not guess');
  for (const id of ids) expect(line).toContain(id);
  expect(tp.changes.filter((c) => c.address === address)).toEqual([]);
}

describe('identity of the Exchange kinds', () => {
  it('refuses to guess between two mail contacts with one external address, naming both', async () => {
    // Exchange keeps a contact's external address as its target, not as a unique proxy address: two contacts may
    // forward to one outside address (a hybrid or migrated tenant has them), each with its own primary address.
    const tp = await planOf(
      (doc) => void (contoso(doc).contacts = [
        { address: 'partner@fabrikam.com', displayName: 'Fabrikam Partner' },
        { address: 'partner@fabrikam.com', displayName: 'Fabrikam Partner (old)' },
      ]),
      { contacts: [{ address: 'partner@fabrikam.com', displayName: 'Fabrikam', company: 'Fabrikam' }] },
    );
    expectAmbiguous(tp, 'contact:partner@fabrikam.com', exchange().contacts.map((k) => k.guid));
  });

  it('refuses to guess between two distribution groups with one alias, naming both', async () => {
    const tp = await planOf(
      (doc) => void (contoso(doc).distributionGroups = [
        { address: 'sales@contoso.com', displayName: 'Sales', alias: 'sales' },
        { address: 'sales-old@contoso.com', displayName: 'Sales (old)', alias: 'sales' },
      ]),
      { groups: [{ mailNickname: 'sales', displayName: 'Sales', type: 'distribution', hiddenFromAddressLists: true }] },
    );
    expectAmbiguous(tp, 'distributionGroup:sales', exchange().groups.map((g) => g.guid));
  });
});

const REL_A = 'aaaaaaaa-0000-4000-8000-0000000000a1-aaaaaaaa-0000-4000-8000-0000000000a1';
const REL_B = 'bbbbbbbb-0000-4000-8000-0000000000b2-bbbbbbbb-0000-4000-8000-0000000000b2';
const AGENTS_A = 'a9e0a9e0-0000-4000-8000-0000000000a1';
const AGENTS_B = 'a9e0a9e0-0000-4000-8000-0000000000b2';
const gdap = { displayName: 'contoso-helpdesk', duration: 'P730D', roles: ['Helpdesk Administrator'] };
const relationship = (id: string, accessAssignments: { group: string; roles: string[] }[] = []) => ({
  id, displayName: 'contoso-helpdesk', customerTenantId: CONTOSO, status: 'active', duration: 'P730D', roles: ['Helpdesk Administrator'], accessAssignments,
});

describe('identity of GDAP', () => {
  it('refuses to guess between two open relationships with one displayName, naming both', async () => {
    // The API refuses a second open relationship with one name; the seed holds two anyway, so that the plan is
    // checked in the state where it must never guess.
    const tp = await planOf(
      (doc) => void (doc.partner!.gdapRelationships = [relationship(REL_A), relationship(REL_B)]),
      { partner: { gdap: [{ ...gdap, autoExtend: 'P180D' }] } },
    );
    expectAmbiguous(tp, 'gdap:contoso-helpdesk', [REL_A, REL_B]);
  });

  it('refuses an access assignment to a partner group name that two groups share, naming both', async () => {
    const tp = await planOf(
      (doc) => {
        doc.partner!.groups = [
          { id: AGENTS_A, displayName: 'Partner Helpdesk Agents', mailNickname: 'agents-a' },
          { id: AGENTS_B, displayName: 'Partner Helpdesk Agents', mailNickname: 'agents-b' },
        ];
        doc.partner!.gdapRelationships = [relationship(REL_A)];
      },
      { partner: { gdap: [{ ...gdap, access: [{ group: 'Partner Helpdesk Agents', roles: ['Helpdesk Administrator'] }] }] } },
    );
    expect(tp.status).toBe('error');
    expect(errors(tp)).toMatch(new RegExp(`partner security group 'Partner Helpdesk Agents': 2 groups in the partner tenant have this name \\(ids ${AGENTS_A}, ${AGENTS_B}\\)`));
    expect(tp.changes.filter((c) => c.address === 'gdap:contoso-helpdesk')).toEqual([]);
  });
});

const FINANCE_A = 'f1f1f1f1-0000-4000-8000-0000000000a1';
const FINANCE_B = 'f1f1f1f1-0000-4000-8000-0000000000b2';

describe('identity of Azure role assignments', () => {
  it('refuses a group principal whose mailNickname two groups share, naming both, instead of assigning the first', async () => {
    // Entra does not keep mailNickname unique among groups; the group kind refuses the key too, and the assignment
    // must not go to either group meanwhile.
    const tp = await planOf(
      (doc) => {
        const groups = contoso(doc).groups!;
        groups[0]!.id = FINANCE_A;
        groups.push({ id: FINANCE_B, displayName: 'Finance (old)', mailNickname: 'finance' });
      },
      {
        groups: [{ mailNickname: 'finance', displayName: 'Finance' }],
        azure: { subscriptions: [{ id: SUB, roleAssignments: [{ principal: 'group:finance', role: 'Reader' }] }] },
      },
    );
    expect(tp.status).toBe('error');
    expect(errors(tp)).toContain(`principal 'group:finance': 2 objects in the tenant have this key (ids ${FINANCE_A}, ${FINANCE_B})`);
    expect(tp.changes.filter((c) => c.kind === 'azureRoleAssignment')).toEqual([]);
  });
});

const MONTHLY = '5e5e5e5e-0000-4000-8000-0000000000a1';
const ANNUAL = '5e5e5e5e-0000-4000-8000-0000000000b2';

describe('identity of seats', () => {
  it('refuses to resize one of two subscriptions of the declared offer, naming both', async () => {
    // Partner Center lets a customer hold several subscriptions of one offer (a monthly and an annual term).
    const tp = await planOf(
      (doc) => void (doc.partner!.customers!.find((c) => c.tenantId === CONTOSO)!.subscriptions = [
        { id: MONTHLY, offerName: 'Microsoft 365 E3', skuPartNumber: 'SPE_E3', quantity: 5, billingCycle: 'monthly' },
        { id: ANNUAL, offerName: 'Microsoft 365 E3', skuPartNumber: 'SPE_E3', quantity: 5, billingCycle: 'annual' },
      ]),
      { partner: { seats: [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity: 10 }] } },
    );
    expectAmbiguous(tp, 'seats:SPE_E3', [MONTHLY, ANNUAL]);
  });
});

describe('the ported kinds still converge', () => {
  it('plans, applies and plans again to zero changes for contacts, Exchange groups, mailboxes, Azure roles, GDAP and seats', async () => {
    const doc = cliEstate();
    doc.partner!.customers!.find((c) => c.tenantId === CONTOSO)!.subscriptions = [{ id: ANNUAL, offerName: 'Microsoft 365 E3', skuPartNumber: 'SPE_E3', quantity: 5 }];
    emu = await startEmulator({ seed: doc });
    const w = workDir([folder({
      users: [{ userPrincipalName: 'alice@contoso.com' }, { userPrincipalName: 'bob@contoso.com' }],
      contacts: [{ address: 'partner@fabrikam.com', displayName: 'Fabrikam Partner' }],
      groups: [{ mailNickname: 'sales', displayName: 'Sales', type: 'distribution', members: ['alice@contoso.com'] }],
      mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
      azure: { subscriptions: [{ id: SUB, roleAssignments: [{ principal: 'user:bob@contoso.com', role: 'Reader' }] }] },
      partner: { gdap: [gdap], seats: [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity: 6 }] },
    })]);
    const file = join(w.root, 'plan.json');
    const first = await plan(w.dir, file);
    expect(first.status).toBe('changes');
    expect(first.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual([
      'create contact:partner@fabrikam.com', 'create distributionGroup:sales', 'create gdap:contoso-helpdesk', 'create mailbox:support@contoso.com',
      `create azureRoleAssignment:/subscriptions/${SUB}|user:bob@contoso.com|reader`, 'update seats:SPE_E3',
    ].sort());
    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    const again = await plan(w.dir, join(w.root, 'again.json'));
    expect(again.changes).toEqual([]);
    expect(errors(again)).toBe('');
  });
});
