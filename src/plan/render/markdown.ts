// The pull-request rendering: what a reviewer must see first (destructive changes, errors) on top, a summary table,
// then one collapsible section per tenant. GitHub caps a comment at 65,536 characters, so long plans are cut at whole
// sections with a pointer to the full plan artifact.
import type { Change, Diagnostic, Plan, TenantPlan } from '../types.js';
import { changeComment, changeLines, countChanges, countPlan, countsLine, ignoredLine, position, SYMBOL } from './common.js';

export interface MarkdownOptions {
  /** Maximum length of the whole document; sections that do not fit are left out. */
  maxLength?: number;
  /** Where the full plan can be found when the rendering is cut (an artifact link or a file name). */
  fullPlan?: string;
  /** An HTML comment placed first, by which CI finds its own sticky comment. */
  marker?: string;
}

export const DEFAULT_MARKDOWN_MAX = 60_000;

const STATUS: Record<TenantPlan['status'], string> = { in_sync: '✅ in sync', changes: '📝 changes', error: '❌ error' };

export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function escapeInline(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string);
}

/** A code fence longer than any backtick run inside, so values cannot close it. */
function fenced(lang: string, lines: string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const fence = '`'.repeat(longest + 1);
  return [fence + lang, ...lines, fence];
}

/** Lines in `diff` syntax: GitHub colours `+` green, `-` red and `!` orange. */
function diffLines(change: Change): string[] {
  const head = SYMBOL[change.action] === '~' ? '!' : SYMBOL[change.action] === '-/+' ? '-' : SYMBOL[change.action];
  const out = [changeComment(change), `${head} ${SYMBOL[change.action] === '-/+' ? '-/+ ' : ''}${change.address}`];
  for (const line of changeLines(change)) {
    const sign = line.sign === '~' ? '!' : line.sign;
    out.push(`${sign}${line.depth === 0 ? '     ' : '         '}${line.text}`);
  }
  return out;
}

function diagnosticItem(d: Diagnostic): string {
  const where = [position(d), d.address].filter(Boolean).map((w) => `\`${w}\``);
  const icon = d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️';
  const detail = d.detail ? ` — ${escapeInline(d.detail)}` : '';
  return `- ${icon} **${escapeInline(d.summary)}**${where.length ? ` (${where.join(', ')})` : ''}${detail}`;
}

function tenantSection(t: TenantPlan): string {
  const counts = countChanges(t.changes);
  const title = t.status === 'error' ? 'errored' : t.changes.length === 0 ? 'no changes' : countsLine(counts);
  const body: string[] = [];
  if (t.diagnostics.length > 0) body.push('**Diagnostics**', '', ...t.diagnostics.map(diagnosticItem), '');
  if (t.changes.length > 0) body.push(...fenced('diff', t.changes.flatMap((c) => [...diffLines(c), ''])), '');
  const unmanaged = Object.keys(t.unmanaged).sort();
  if (unmanaged.length > 0) body.push(`Unmanaged (not in YAML, left alone): ${unmanaged.map((k) => `${t.unmanaged[k]} ${k}`).join(', ')}`, '');
  if (t.ignored.length > 0) body.push('**Ignored drift**', '', ...t.ignored.map((i) => `- ${escapeInline(ignoredLine(i))}`), '');
  const open = t.status === 'error' ? ' open' : '';
  return [`<details${open}><summary><b>${escapeInline(t.name)}</b> — ${title}</summary>`, '', ...body, '</details>', ''].join('\n');
}

function destructiveList(plan: Plan): string[] {
  const items = plan.tenants.flatMap((t) =>
    t.changes.filter((c) => c.destructive || c.action === 'delete' || c.action === 'replace').map((c) => `> - \`${escapeCell(t.name)}\`: **${c.action}** \`${c.address}\` (${c.reason})`),
  );
  if (items.length === 0) return [];
  return ['> [!CAUTION]', `> **${items.length} destructive change${items.length === 1 ? '' : 's'}** — review these first:`, ...items, ''];
}

function summaryTable(plan: Plan): string[] {
  const rows = plan.tenants.map((t) => {
    const c = countChanges(t.changes);
    const unmanaged = Object.values(t.unmanaged).reduce((a, b) => a + b, 0);
    const errors = t.diagnostics.filter((d) => d.severity === 'error').length;
    return `| ${escapeCell(t.name)} | ${STATUS[t.status]} | ${c.add} | ${c.change} | ${c.destroy} | ${unmanaged} | ${errors} |`;
  });
  return ['| Tenant | Status | Add | Change | Destroy | Unmanaged | Errors |', '|---|---|---:|---:|---:|---:|---:|', ...rows, ''];
}

export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const max = opts.maxLength ?? DEFAULT_MARKDOWN_MAX;
  const { tenants, errored } = plan.summary;
  const head = [
    ...(opts.marker ? [`<!-- ${opts.marker} -->`] : []),
    '## tenantform plan',
    '',
    `**Plan: ${countsLine(countPlan(plan))}** across ${tenants} tenant${tenants === 1 ? '' : 's'}${errored ? `, **${errored} errored**` : ''}.`,
    '',
    ...destructiveList(plan),
    ...summaryTable(plan),
  ].join('\n');
  // Tenants with errors or changes come before in-sync ones, so a cut drops the least interesting sections.
  const order = (t: TenantPlan): number => (t.status === 'error' ? 0 : t.status === 'changes' ? 1 : 2);
  const sections = [...plan.tenants].sort((a, b) => order(a) - order(b)).filter((t) => t.status !== 'in_sync' || t.diagnostics.length > 0 || t.ignored.length > 0);
  const pointer = (shown: number): string =>
    `\n---\n✂️ **Plan cut to fit**: ${shown} of ${sections.length} tenant sections shown. The full plan is in ${opts.fullPlan ?? 'the plan artifact of this run'}.\n`;
  let out = head + '\n';
  for (let i = 0; i < sections.length; i++) {
    const next = tenantSection(sections[i] as TenantPlan) + '\n';
    const reserve = i + 1 < sections.length ? pointer(i).length : 0;
    if (out.length + next.length + reserve > max) return (out + pointer(i)).slice(0, Math.max(0, max));
    out += next;
  }
  return out;
}
