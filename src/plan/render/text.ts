// The terminal rendering of a plan, shaped like Terraform's so reviewers read it without learning anything new.
// Colour is opt-in (the CLI asks for it on a terminal, or as NO_COLOR, FORCE_COLOR and --no-color say), so logs and
// goldens stay plain; picocolors writes the escapes.
import pc from 'picocolors';
import { targetWarning } from '../target.js';
import type { Change, Diagnostic, Plan, TenantPlan } from '../types.js';
import {
  changeComment,
  changeLines,
  countChanges,
  countPlan,
  countsLine,
  digestLine,
  ignoredLine,
  joinChunks,
  position,
  ringLabel,
  SYMBOL,
  unmanagedLine,
} from './common.js';
import { INVENTORY_TITLE, inventoryLines } from './inventory.js';
import { billingLine } from './seats.js';

export interface TextOptions {
  color?: boolean;
}

type Style = 'green' | 'yellow' | 'red' | 'cyan' | 'bold' | 'dim';

type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  const c = pc.createColors(color);
  return (style, text) => c[style](text);
}

const SIGN_STYLE: Record<string, Style> = { '+': 'green', '~': 'yellow', '-': 'red', '-/+': 'red' };

function* renderChange(change: Change, paint: Paint): Generator<string> {
  const symbol = SYMBOL[change.action];
  yield `  ${paint('bold', changeComment(change))}`;
  yield `  ${paint(SIGN_STYLE[symbol] ?? 'bold', symbol)} ${change.address}`;
  for (const line of changeLines(change)) {
    const indent = line.depth === 0 ? '      ' : '          ';
    yield `${indent}${paint(SIGN_STYLE[line.sign] ?? 'bold', line.sign)} ${line.text}`;
  }
  // A seat increase is money committed for the rest of a term: it reads as a warning, not as a plain `~`.
  const billing = billingLine(change);
  if (billing) yield `      ${paint('yellow', `! ${billing}`)}`;
}

function* renderDiagnostic(d: Diagnostic, paint: Paint): Generator<string> {
  const label = d.severity === 'error' ? paint('red', 'Error:') : d.severity === 'warning' ? paint('yellow', 'Warning:') : 'Info:';
  yield `  ${label} ${d.summary}`;
  const where = [position(d), d.address, d.path && !d.file ? d.path : undefined].filter(Boolean);
  if (where.length > 0) yield `    on ${where.join(', ')}`;
  if (d.detail) for (const l of d.detail.split('\n')) yield `    ${l}`;
}

function tenantHeader(t: TenantPlan, paint: Paint): string {
  const status = t.status === 'error' ? paint('red', 'error') : t.status === 'changes' ? paint('yellow', 'changes') : t.status === 'pending_access' ? paint('yellow', 'pending access') : paint('green', 'in sync');
  return paint('bold', `Tenant ${t.name}`) + ` (${t.tenantId}): ${status}`;
}

/** Lines followed by a blank line. */
function* paragraph(lines: Iterable<string>): Generator<string> {
  yield* lines;
  yield '';
}

function* renderTenantText(t: TenantPlan, paint: Paint): Generator<string> {
  yield tenantHeader(t, paint);
  yield '';
  // Errors first, then the changes, then warnings and notes.
  for (const d of t.diagnostics.filter((x) => x.severity === 'error')) yield* paragraph(renderDiagnostic(d, paint));
  for (const c of t.changes) yield* paragraph(renderChange(c, paint));
  for (const d of t.diagnostics.filter((x) => x.severity !== 'error')) yield* paragraph(renderDiagnostic(d, paint));
  const unmanaged = unmanagedLine(t);
  if (unmanaged) yield* paragraph([`  ${unmanaged}`]);
  if (t.inventory) yield* paragraph([`  ${paint('bold', `${INVENTORY_TITLE}:`)}`, ...inventoryLines(t.inventory).map((l) => `    ${l}`)]);
  if (t.ignored.length > 0) {
    yield '  Ignored drift (accepted in policy.ignore):';
    for (const i of t.ignored) yield `    ${ignoredLine(i)}`;
    yield '';
  }
  if (t.status === 'error') {
    const kept = t.changes.length > 0 ? ' The changes above are shown for review only.' : '';
    yield `  ${paint('red', 'This tenant has errors and will not be applied.')}${kept}`;
  } else if (t.status === 'pending_access') {
    const steps = t.changes.length ? `Plan: ${countsLine(countChanges(t.changes))} (partner-side steps only).` : 'No partner-side step to take now.';
    yield `  ${paint('bold', steps)} The customer side is planned once tenantform can read it.`;
  } else if (t.changes.length === 0) {
    yield `  ${paint('green', 'No changes.')} The live tenant matches the configuration.`;
  } else {
    yield `  ${paint('bold', `Plan: ${countsLine(countChanges(t.changes))}.`)}`;
  }
}

/**
 * The rendering as lines, each ending in a newline, produced one at a time: a plan of any size streams to the
 * terminal without being held as one string or spread into a call.
 */
export function* textChunks(plan: Plan, opts: TextOptions = {}): Generator<string> {
  const paint = painter(opts.color === true);
  if (plan.targets) yield `${paint('yellow', 'Warning:')} ${targetWarning(plan.targets)}\n\n`;
  let ring: string | undefined;
  for (const t of plan.tenants) {
    // Plans list tenants in rollout order, so a header where the ring changes groups them.
    const label = ringLabel(plan, t);
    if (label !== undefined && label !== ring) {
      const count = plan.tenants.filter((x) => ringLabel(plan, x) === label).length;
      yield paint('bold', `── Ring ${label} (${count} tenant${count === 1 ? '' : 's'}) ──`) + '\n\n';
      ring = label;
    }
    for (const line of renderTenantText(t, paint)) yield line + '\n';
    yield '\n';
  }
  const { tenants, errored } = plan.summary;
  const inSync = plan.tenants.filter((t) => t.status === 'in_sync').length;
  const tally = `${tenants} tenant${tenants === 1 ? '' : 's'}: ${plan.tenants.filter((t) => t.status === 'changes').length} with changes, ${inSync} in sync, ${errored} errored`;
  yield paint('bold', `Overall plan: ${countsLine(countPlan(plan))}.`) + ` ${tally}.\n`;
  if (errored > 0) yield paint('red', `${errored} tenant${errored === 1 ? '' : 's'} errored; see the errors above.`) + '\n';
  const digest = digestLine(plan);
  if (digest) yield digest + '\n';
}

export function renderText(plan: Plan, opts: TextOptions = {}): string {
  return joinChunks(textChunks(plan, opts));
}
