// New folders and the emulator: planning a folder whose tenant the emulator does not know ends in the token
// endpoint's AADSTS90002 ("Tenant ... not found", as Entra answers an unknown tenant:
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes), and the plan says how to fix it in
// one line; `tenantform emulator --seed-from DIR` then knows the folder — an empty customer with its domains, the
// seats of partner.seats and a Partner Center record — with the partner apps consented unless --no-consent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_APP } from '../../src/clients/index.js';
import { runEmulator } from '../../src/cli/emulator.js';
import { runPlan } from '../../src/cli/plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { TenantConfig } from '../../src/config/model.js';
import { permissionsFor } from '../../src/kinds/permissions.js';
import { withTenantform } from '../support/access.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';

const NEW = '6b1a3c6e-0000-4000-8000-0000000000d7';
const APP = 'a0000000-0000-4000-8000-0000000000d7';

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const sections = {
  users: [{ userPrincipalName: 'nina@newco.com', displayName: 'Nina New', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }],
  partner: { seats: [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity: 3 }] },
} as Omit<TenantConfig, 'tenant'>;
const declaringConsent = { ...sections, partner: { ...sections.partner, consent: [{ applicationId: APP, access: 'read' }] } } as Omit<TenantConfig, 'tenant'>;
const newco = { name: 'newco', tenantId: NEW, domains: ['newco.com'], sections };

function flags(w: { root: string; dir: string }, extra: object = {}) {
  const seedFile = join(w.root, 'seed.json');
  // The emulator's file seed gets tenantform's app registered and consented, as every test world has it.
  writeFileSync(seedFile, JSON.stringify(withTenantform(cliEstate())));
  return { port: 0, seed: seedFile, latency: 0, replicationDelay: 0, throttling: false, ...extra };
}

describe('new folders and the emulator', () => {
  it('a folder unknown to the emulator errors with a one-line hint naming --seed-from', async () => {
    const w = workDir([contoso({}), newco]);
    const lines: string[] = [];
    emu = await runEmulator(flags(w), (l) => lines.push(l));
    const c = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url }, c.deps)).toBe(1);
    expect(c.out()).toContain('AADSTS90002');
    const hints = c.err().split('\n').filter((l) => l.includes('hint:'));
    expect(hints).toEqual([`tenantform: hint: the emulator does not know the tenant of newco: restart it with \`tenantform emulator --seed-from ${w.dir}\` (add --no-consent to rehearse onboarding)`]);
  });

  it('--seed-from adds an empty customer with its seats and consents the partner apps; the folder then plans', async () => {
    const w = workDir([contoso({}), newco]);
    const lines: string[] = [];
    emu = await runEmulator(flags(w, { seedFrom: w.dir }), (l) => lines.push(l));
    expect(lines[0]).toBe(`added 1 tenant(s) from ${w.dir} with the partner apps consented: newco`);
    const tenant = emu.state.tenants.get(NEW);
    expect(tenant?.domains).toContain('newco.com');
    expect(tenant?.skus.map((s) => [s.skuPartNumber, s.seats])).toEqual([['SPE_E3', 3]]);
    expect(emu.state.partner?.customers.find((c) => c.tenantId === NEW)?.subscriptions?.[0]).toMatchObject({ offerName: 'Microsoft 365 E3', quantity: 3 });
    // The app tenantform signs in as (the emulator's own here) gets the apply grants of the folder's kinds.
    const sps = tenant?.ext.servicePrincipals as { appId: string; appRoles?: string[] }[];
    const config = { tenant: { name: 'newco', tenantId: NEW, domains: ['newco.com'] }, ...sections } as TenantConfig;
    const write = permissionsFor([config]).apply;
    expect(sps.find((s) => s.appId === EMULATOR_APP.clientId)?.appRoles?.sort()).toEqual([...write.graph, ...write.exchange].sort());
    const c = cli();
    expect(await runPlan({ dir: w.dir, tenant: ['newco'], emulator: emu.url, target: ['user:*'], detailedExitcode: true }, c.deps), c.out() + c.err()).toBe(2);
    expect(c.out()).toContain('+ user:nina@newco.com');
  });

  it('a declared partner.consent app is consented with the grants of its access', async () => {
    const w = workDir([{ ...newco, sections: declaringConsent }]);
    emu = await runEmulator(flags(w, { seedFrom: w.dir }), () => undefined);
    const sps = emu.state.tenants.get(NEW)?.ext.servicePrincipals as { appId: string; appRoles?: string[] }[];
    const config = { tenant: { name: 'newco', tenantId: NEW, domains: ['newco.com'] }, ...declaringConsent } as TenantConfig;
    const read = permissionsFor([config]).plan;
    expect(sps.find((s) => s.appId === APP)?.appRoles?.sort()).toEqual([...read.graph, ...read.exchange].sort());
  });

  it('--no-consent leaves the new customer without the partner apps, to rehearse onboarding', async () => {
    const w = workDir([newco]);
    const lines: string[] = [];
    emu = await runEmulator(flags(w, { seedFrom: w.dir, consent: false }), (l) => lines.push(l));
    expect(lines[0]).toContain('without consent (rehearse onboarding)');
    expect((emu.state.tenants.get(NEW)?.ext.servicePrincipals as unknown[] | undefined) ?? []).toEqual([]);
  });
});
