// `tenantform customers`: the partner's Partner Center customers against the folders in tenants/ — linked (same
// tenantId; and whether the domain or the folder name agrees too), customers without a folder (with the folder names
// `export --tenant` accepts for them), and folders whose tenant is not a customer. The matching is the one export and
// the drift report's tenant links use (src/kinds/azure/tenant-links.ts).
import type { Command } from 'commander';
import type { LoadedTenant } from '../config/model.js';
import { describeError } from '../engine/errors.js';
import { linkedPairs, matchedOn, namesOf, readCustomers, tenantLinks, type LinkedPair, type PartnerCustomer } from '../kinds/azure/tenant-links.js';
import { connectionOptions, defaultDeps, openConnector, selectTenants, textOrJson, type CliDeps } from './common.js';

export interface CustomersOptions { dir: string; format?: string; emulator?: string | boolean; debug?: boolean }

interface Unlinked extends PartnerCustomer {
  /** Names `export --tenant` accepts for it. */
  names: string[];
  /** A folder that looks like this customer (a shared domain or name) but holds another tenantId. */
  lookalikes: { name: string; tenantId: string; matchedOn: string[] }[];
}

export interface CustomersReport { linked: LinkedPair[]; customersWithoutFolder: Unlinked[]; foldersWithoutCustomer: { name: string; tenantId: string }[] }

export function customersReport(customers: PartnerCustomer[], tenants: LoadedTenant[]): CustomersReport {
  const links = tenantLinks(customers, tenants);
  return {
    linked: linkedPairs(customers, tenants),
    customersWithoutFolder: links.unlinked.map((c) => ({
      ...c, names: namesOf(c),
      lookalikes: tenants.map((t) => ({ name: t.name, tenantId: t.config.tenant.tenantId, matchedOn: matchedOn(t, c) })).filter((l) => l.matchedOn.length > 0),
    })),
    foldersWithoutCustomer: links.notCustomers,
  };
}

export function renderCustomers(r: CustomersReport): string {
  const out = [`Linked (${r.linked.length}):`];
  for (const p of r.linked) out.push(`  ${p.name}  ${p.customer.companyName} (${p.customer.domain})  matched on ${p.matchedOn.join(', ')}`);
  out.push('', `Customers without a folder (${r.customersWithoutFolder.length}):`);
  for (const c of r.customersWithoutFolder) {
    out.push(`  ${c.companyName} (${c.domain}, ${c.tenantId})  export it with: tenantform export --tenant ${c.names.find((n) => !n.includes('.')) ?? c.names[0] ?? ''}`);
    for (const l of c.lookalikes) out.push(`    folder ${l.name} matches it on ${l.matchedOn.join(', ')} but holds tenantId ${l.tenantId}: check tenant.tenantId`);
  }
  out.push('', `Folders without a customer (${r.foldersWithoutCustomer.length}):`);
  for (const f of r.foldersWithoutCustomer) out.push(`  ${f.name} (${f.tenantId})  not a customer of this partner: check tenant.tenantId, or invite the customer in Partner Center`);
  return `${out.join('\n')}\n`;
}

export async function runCustomers(opts: CustomersOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  const format = textOrJson(opts.format, deps);
  if (!format) return 1;
  const tenants = await selectTenants({ dir: opts.dir }, deps);
  if (tenants === 1) return 1;
  const connector = await openConnector(opts, deps);
  if (connector === 1) return 1;
  try {
    // Any tenant's clients reach the partner's Partner Center; the probe's own tenant is never called.
    const probe: LoadedTenant = { name: '(partner)', dir: '(partner)', files: [], locate: () => undefined, diagnostics: [], config: { tenant: { name: '(partner)', tenantId: '00000000-0000-0000-0000-000000000000', domains: ['example.invalid'] } } };
    const pc = (await connector.clientsFor(probe)).partnerCenter;
    if (!pc) {
      deps.err('tenantform: no Partner Center connection: set AZURE_TENANT_ID to the partner tenant\n');
      return 1;
    }
    const report = customersReport(await readCustomers(pc), tenants);
    deps.out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderCustomers(report));
    return 0;
  } catch (error) {
    deps.err(`tenantform: cannot read the partner's customers: ${describeError(error)}\n`);
    return 1;
  } finally {
    await connector.close();
  }
}

export function registerCustomers(program: Command, deps: CliDeps = defaultDeps()): void {
  connectionOptions(program.command('customers').description("the partner's Partner Center customers against the tenant folders"))
    .option('--dir <dir>', 'folder of tenant folders', 'tenants')
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: CustomersOptions) => {
      process.exitCode = await runCustomers(opts, deps);
    });
}
