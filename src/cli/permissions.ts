// `tenantform permissions`: the API permissions, roles and GDAP roles that the declared kinds need.
import type { Command } from 'commander';
import { loadTenants } from '../config/index.js';
import { permissionsFor, type Needs, type Service } from '../kinds/permissions.js';

const SECTIONS: [Service, string][] = [
  ['graph', 'Microsoft Graph application permissions (customer tenants)'],
  ['exchange', 'Exchange Online application permissions (customer tenants)'],
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
  return `${lines.join('\n')}\n`;
}

export function registerPermissions(program: Command): void {
  program
    .command('permissions')
    .description('the API permissions and GDAP roles that the declared kinds need')
    .option('--dir <dir>', 'tenants folder', 'tenants')
    .option('--tenant <name...>', 'tenant names or globs')
    .option('--format <format>', 'text | json', 'text')
    .action(async (o: { dir: string; tenant?: string[]; format: string }) => {
      const loaded = await loadTenants({ dir: o.dir, tenants: o.tenant });
      for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) {
        process.stderr.write(`${d.file ?? o.dir}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}: ${d.summary}\n`);
      }
      if (loaded.diagnostics.some((d) => d.severity === 'error')) {
        process.exitCode = 1;
        return;
      }
      if (o.format !== 'text' && o.format !== 'json') {
        process.stderr.write(`unknown --format ${o.format}: use text or json\n`);
        process.exitCode = 1;
        return;
      }
      const needs = permissionsFor(loaded.tenants.map((t) => t.config));
      process.stdout.write(o.format === 'json' ? `${JSON.stringify(needs, null, 2)}\n` : renderPermissions(needs));
    });
}
