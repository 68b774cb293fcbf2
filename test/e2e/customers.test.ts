// `tenantform customers` against the emulator's Partner Center: a linked folder (tenantId, and its domain and name
// agreeing), a customer without a folder (with the name `export --tenant` accepts), a stray folder whose tenant is
// not a customer, and a folder that looks like a customer (same domain) but holds another tenantId.
// Customers are read from GET /v1/customers: https://learn.microsoft.com/partner-center/developer/get-a-list-of-customers
import { afterEach, describe, expect, it } from 'vitest';
import { runCustomers } from '../../src/cli/customers.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, fabrikam, workDir } from '../support/folders.js';
import { NORTHWIND } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const LOOKALIKE = '6b1a3c6e-0000-4000-8000-0000000000e9';

describe('tenantform customers', () => {
  it('lists linked, unlinked and stray folders with what each matched on', async () => {
    emu = await startEmulator({ seed: cliEstate() });
    const w = workDir([contoso({}), fabrikam({}), { name: 'northwind-old', tenantId: LOOKALIKE, domains: ['northwind.com'], sections: {} }]);
    const c = cli();
    expect(await runCustomers({ dir: w.dir, emulator: emu.url }, c.deps), c.err()).toBe(0);
    expect(c.out()).toContain('Linked (1):\n  contoso  Contoso Ltd (contoso.com)  matched on tenantId, domain contoso.com, name contoso\n');
    expect(c.out()).toContain(`Customers without a folder (1):\n  Northwind Traders (northwind.com, ${NORTHWIND})  export it with: tenantform export --tenant northwind\n`);
    expect(c.out()).toContain(`    folder northwind-old matches it on domain northwind.com but holds tenantId ${LOOKALIKE}: check tenant.tenantId\n`);
    expect(c.out()).toMatch(/Folders without a customer \(2\):\n {2}fabrikam \(.*\) {2}not a customer of this partner/);
    expect(c.out()).toContain('northwind-old');
  });

  it('gives the same as json', async () => {
    emu = await startEmulator({ seed: cliEstate() });
    const w = workDir([contoso({}), fabrikam({})]);
    const c = cli();
    expect(await runCustomers({ dir: w.dir, emulator: emu.url, format: 'json' }, c.deps)).toBe(0);
    const r = JSON.parse(c.out()) as { linked: { name: string; matchedOn: string[] }[]; customersWithoutFolder: { names: string[] }[]; foldersWithoutCustomer: { name: string }[] };
    expect(r.linked.map((l) => l.name)).toEqual(['contoso']);
    expect(r.customersWithoutFolder[0]?.names).toEqual(['northwind.com', 'northwind', 'northwind-traders']);
    expect(r.foldersWithoutCustomer.map((f) => f.name)).toEqual(['fabrikam']);
  });

  it('refuses an unknown format before contacting anything', async () => {
    const w = workDir([contoso({})]);
    const c = cli();
    expect(await runCustomers({ dir: w.dir, emulator: 'http://127.0.0.1:9', format: 'yaml' }, c.deps)).toBe(1);
    expect(c.err()).toContain('--format must be text or json');
  });
});
