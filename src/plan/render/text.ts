// The terminal rendering of a plan, shaped like Terraform's so reviewers read it without learning anything new.
// Colour is opt-in (the CLI asks for it only on a TTY), so logs and goldens stay plain.
import type { Change, Diagnostic, Plan, TenantPlan } from '../types.js';
import {
  changeComment,
  changeLines,
  countChanges,
  countPlan,
  countsLine,
  ignoredLine,
  position,
  SYMBOL,
  unmanagedLine,
} from './common.js';

export interface TextOptions {
  color?: boolean;
}

type Style = 'green' | 'yellow' | 'red' | 'cyan' | 'bold' | 'dim';
const CODES: Record<Style, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
};

type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  return (style, text) => (color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

const SIGN_STYLE: Record<string, Style> = { '+': 'green', '~': 'yellow', '-': 'red', '-/+': 'red' };

function renderChange(change: Change, paint: Paint): string[] {
  const symbol = SYMBOL[change.action];
  const out = [`  ${paint('bold', changeComment(change))}`, `  ${paint(SIGN_STYLE[symbol] ?? 'bold', symbol)} ${change.address}`];
  for (const line of changeLines(change)) {
    const indent = line.depth === 0 ? '      ' : '          ';
    out.push(`${indent}${paint(SIGN_STYLE[line.sign] ?? 'bold', line.sign)} ${line.text}`);
  }
  return out;
}

function renderDiagnostic(d: Diagnostic, paint: Paint): string[] {
  const label = d.severity === 'error' ? paint('red', 'Error:') : d.severity === 'warning' ? paint('yellow', 'Warning:') : 'Info:';
  const out = [`  ${label} ${d.summary}`];
  const where = [position(d), d.address, d.path && !d.file ? d.path : undefined].filter(Boolean);
  if (where.length > 0) out.push(`    on ${where.join(', ')}`);
  if (d.detail) out.push(...d.detail.split('\n').map((l) => `    ${l}`));
  return out;
}

function tenantHeader(t: TenantPlan, paint: Paint): string {
  const status = t.status === 'error' ? paint('red', 'error') : t.status === 'changes' ? paint('yellow', 'changes') : paint('green', 'in sync');
  return paint('bold', `Tenant ${t.name}`) + ` (${t.tenantId}): ${status}`;
}

function renderTenantText(t: TenantPlan, paint: Paint): string[] {
  const out = [tenantHeader(t, paint), ''];
  const errors = t.diagnostics.filter((d) => d.severity === 'error');
  const others = t.diagnostics.filter((d) => d.severity !== 'error');
  for (const d of errors) out.push(...renderDiagnostic(d, paint), '');
  for (const c of t.changes) out.push(...renderChange(c, paint), '');
  for (const d of others) out.push(...renderDiagnostic(d, paint), '');
  const unmanaged = unmanagedLine(t);
  if (unmanaged) out.push(`  ${unmanaged}`, '');
  if (t.ignored.length > 0) {
    out.push('  Ignored drift (accepted in policy.ignore):');
    for (const i of t.ignored) out.push(`    ${ignoredLine(i)}`);
    out.push('');
  }
  if (t.status === 'error') {
    const kept = t.changes.length > 0 ? ' The changes above are shown for review only.' : '';
    out.push(`  ${paint('red', 'This tenant has errors and will not be applied.')}${kept}`);
  } else if (t.changes.length === 0) {
    out.push(`  ${paint('green', 'No changes.')} The live tenant matches the configuration.`);
  } else {
    out.push(`  ${paint('bold', `Plan: ${countsLine(countChanges(t.changes))}.`)}`);
  }
  return out;
}

export function renderText(plan: Plan, opts: TextOptions = {}): string {
  const paint = painter(opts.color === true);
  const out: string[] = [];
  for (const t of plan.tenants) out.push(...renderTenantText(t, paint), '');
  const { tenants, errored } = plan.summary;
  const inSync = plan.tenants.filter((t) => t.status === 'in_sync').length;
  const tally = `${tenants} tenant${tenants === 1 ? '' : 's'}: ${plan.tenants.filter((t) => t.status === 'changes').length} with changes, ${inSync} in sync, ${errored} errored`;
  out.push(paint('bold', `Overall plan: ${countsLine(countPlan(plan))}.`) + ` ${tally}.`);
  if (errored > 0) out.push(paint('red', `${errored} tenant${errored === 1 ? '' : 's'} errored; see the errors above.`));
  return out.join('\n') + '\n';
}
