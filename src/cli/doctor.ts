// `tenantform doctor`: for each selected tenant, what works and what is missing to manage it, each with the fix:
// credentials and their kind, the partner user for App+User calls, the Partner Center customer record, the GDAP
// relationship (roles, expiry, auto-extension), the consent with the grants the declared kinds need, and a token
// and a read per service the tenant uses. Exit 1 when anything needed is missing. Reads only.
import type { Command } from 'commander';
import { connectionOptions, defaultDeps, openConnector, selectTenants, tenantOptions, textOrJson, type CliDeps } from './common.js';
import { credentialChecks, secretExpiry, tenantChecks, type Check } from './doctor-checks.js';
import type { GraphApi } from '../clients/types.js';

export interface DoctorOptions { dir: string; tenant?: string[]; format?: string; emulator?: string | boolean; debug?: boolean }

interface TenantReport { name: string; tenantId: string; checks: Check[] }

const MARK: Record<Check['status'], string> = { ok: '✓', warning: '!', missing: '✗', unknown: '?' };

function line(c: Check): string {
  return `  ${MARK[c.status]} ${c.check}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`;
}

export function renderDoctor(general: Check[], tenants: TenantReport[]): string {
  const out = ['Credentials', ...general.map(line)];
  for (const t of tenants) out.push('', `Tenant ${t.name} (${t.tenantId})`, ...t.checks.map(line));
  const missing = [...general, ...tenants.flatMap((t) => t.checks)].filter((c) => c.status === 'missing' || c.status === 'unknown').length;
  out.push('', missing ? `${missing} thing(s) missing or unknown: fix them and run tenantform doctor again` : 'Everything tenantform needs is in place.');
  return `${out.join('\n')}\n`;
}

export async function runDoctor(opts: DoctorOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  const format = textOrJson(opts.format, deps);
  if (!format) return 1;
  const tenants = await selectTenants(opts, deps);
  if (tenants === 1) return 1;
  const connector = await openConnector(opts, deps);
  if (connector === 1) return 1;
  try {
    const now = deps.now();
    const general = credentialChecks(connector.identity, tenants, now);
    const reports: TenantReport[] = [];
    for (const [i, t] of tenants.entries()) {
      const clients = await connector.clientsFor(t);
      // The app's registration lives in the partner tenant: read once, through the first tenant's partner client.
      if (i === 0) general.push(...(await secretExpiry(clients.partnerGraph as GraphApi | undefined, connector.identity, now)));
      reports.push({ name: t.name, tenantId: t.config.tenant.tenantId, checks: await tenantChecks(t, clients, connector.identity, now) });
    }
    const all = [...general, ...reports.flatMap((r) => r.checks)];
    const ok = !all.some((c) => c.status === 'missing' || c.status === 'unknown');
    deps.out(format === 'json' ? `${JSON.stringify({ ok, credentials: general, tenants: reports }, null, 2)}\n` : renderDoctor(general, reports));
    return ok ? 0 : 1;
  } finally {
    await connector.close();
  }
}

export function registerDoctor(program: Command, deps: CliDeps = defaultDeps()): void {
  connectionOptions(tenantOptions(program.command('doctor').description('what works and what is missing to manage each tenant, with the fix')))
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: DoctorOptions) => {
      process.exitCode = await runDoctor(opts, deps);
    });
}
