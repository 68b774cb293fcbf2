// `tenantform permissions`: the API permissions, roles and GDAP roles that the declared kinds need.
import type { Command } from 'commander';
import { permissionsFor, type Needs, type Service } from '../kinds/permissions.js';
import { defaultDeps, selectTenants, tenantOptions, textOrJson, type CliDeps } from './common.js';

const SECTIONS: [Service, string][] = [
  ['graph', 'Microsoft Graph application permissions (customer tenants)'],
  ['exchange', 'Exchange Online application permissions (customer tenants)'],
  ['sharepoint', 'SharePoint application permissions (customer tenants; a certificate credential)'],
  ['arm', 'Azure RBAC roles on the declared subscriptions'],
  ['partnerCenter', 'Partner Center API (App+User, signed in as an Admin Agent)'],
  ['partnerGraph', 'Microsoft Graph application permissions (partner tenant)'],
  ['gdapRoles', 'Entra roles the GDAP relationships must include'],
];

export function renderPermissions(needs: Needs): string {
  const lines = [`kinds declared: ${needs.kinds.join(', ') || '(none)'}`];
  for (const [key, title] of SECTIONS) {
    if (needs.apply[key].length === 0) continue;
    lines.push('', `${title}:`);
    if (needs.plan[key].length) lines.push('  plan, drift, export:', ...needs.plan[key].map((v) => `    - ${v}`));
    lines.push('  apply:', ...needs.apply[key].map((v) => `    - ${v}`));
  }
  if (needs.optional.length) {
    lines.push('', 'Optional (without them these read as "unknown"; nothing else fails):');
    for (const o of needs.optional) lines.push(`  - ${o.grant} (${SECTIONS.find(([s]) => s === o.service)![1]}): ${o.for}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface PermissionsOptions {
  dir: string;
  tenant?: string[];
  format?: string;
}

export async function runPermissions(opts: PermissionsOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  const format = textOrJson(opts.format, deps);
  if (!format) return 1;
  const tenants = await selectTenants(opts, deps);
  if (tenants === 1) return 1;
  const needs = permissionsFor(tenants.map((t) => t.config), deps.kinds);
  deps.out(format === 'json' ? `${JSON.stringify(needs, null, 2)}\n` : renderPermissions(needs));
  return 0;
}

export function registerPermissions(program: Command, deps: CliDeps = defaultDeps()): void {
  tenantOptions(program.command('permissions').description('the API permissions and GDAP roles that the declared kinds need'))
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: PermissionsOptions) => {
      process.exitCode = await runPermissions(opts, deps);
    });
}
