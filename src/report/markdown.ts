// drift.md: the report as an issue body — counts first, then the tenants that need attention, each drifted field as
// desired versus live with who changed it and when, a link to its YAML, and how to fix it.
import { escapeCell } from '../plan/render/markdown.js';
import { formatValue, joinChunks, position } from '../plan/render/common.js';
import { createSummary, howToFix, sourceHref, sourceLabel, type LinkOptions } from './fix.js';
import { hasInventory, inventoryMarkdown } from './inventory.js';
import type { DriftField, DriftObject, DriftReport, DriftStatus, DriftTenant } from './types.js';

export interface DriftMarkdownOptions {
  links?: LinkOptions;
}

export const STATUS_LABEL: Record<DriftStatus, string> = { in_sync: 'in sync', drifted: 'drifted', errored: 'errored', unlinked: 'unlinked' };
const ICON: Record<DriftStatus, string> = { in_sync: '✅', drifted: '⚠️', errored: '❌', unlinked: '🔗' };

export function fieldValues(f: DriftField): { desired: string; live: string } {
  if (f.sensitive) return { desired: '(sensitive)', live: '(sensitive)' };
  if (f.added || f.removed) {
    // Members the YAML wants that are missing live, and members live that the YAML does not list.
    const list = (label: string, v?: unknown[]): string => (v && v.length > 0 ? `${label} ${formatValue(v)}` : '—');
    return { desired: list('needs', f.added), live: list('extra', f.removed) };
  }
  return { desired: f.desired === undefined ? '(absent)' : formatValue(f.desired), live: f.live === undefined ? '(absent)' : formatValue(f.live) };
}

export function factsText(o: DriftObject): string {
  const pending = o.origin === 'pending' ? 'pending: declared, not yet applied' : '';
  if (!o.facts || (!o.facts.actor && !o.facts.time)) return pending || 'unknown';
  const who = [o.facts.actor ?? 'someone', o.facts.time ? `at ${o.facts.time}` : '', o.facts.activity ? `(${o.facts.activity})` : ''].filter(Boolean).join(' ');
  return pending ? `${pending} (last change: ${who})` : who;
}

/** Drift (changed in the tenant, or of unknown origin) first, then what git declares and apply has not yet made. */
export function byOrigin(objects: DriftObject[]): { label: string; objects: DriftObject[] }[] {
  const pending = objects.filter((o) => o.origin === 'pending');
  const drift = objects.filter((o) => o.origin !== 'pending');
  return [
    { label: 'Changed in the tenant (drift)', objects: drift },
    { label: 'Pending: declared in git, not yet applied', objects: pending },
  ].filter((g) => g.objects.length > 0);
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

/** The object's address and, when known, a link to the YAML line that declares it. */
function objectCell(o: DriftObject, links: LinkOptions): string {
  const link = o.source ? ` [${escapeCell(sourceLabel(o.source))}](${sourceHref(o.source, links)})` : '';
  return `${code(o.address)}${link}`;
}

/** One row per object to create or delete (its fields are what apply sends, not drift); one per field otherwise. */
function objectRows(o: DriftObject, links: LinkOptions): string[] {
  const who = escapeCell(factsText(o));
  const cell = objectCell(o, links);
  if (o.drift !== 'changed' || o.fields.length === 0) {
    const summary = createSummary(o);
    const what = o.drift === 'missing' ? `**pending create**${summary ? ` ${escapeCell(summary)}` : ''}` : o.drift === 'unwanted' ? 'live, declared absent or not declared' : 'changed';
    return [`| ${cell} | — | ${what} | | ${who} |`];
  }
  return o.fields.map((f) => {
    const v = fieldValues(f);
    return `| ${cell} | ${code(f.path)} | ${escapeCell(code(v.desired))} | ${escapeCell(code(v.live))} | ${who} |`;
  });
}

function fixItem(o: DriftObject): string {
  const steps = howToFix(o).map((s) => `${s.text}${s.snippet ? ` ${code(s.snippet)}` : ''}`);
  return `- ${code(o.address)}: ${steps.join('; ')}.`;
}

function* tenantSection(t: DriftTenant, links: LinkOptions): Generator<string> {
  yield `### ${ICON[t.status]} ${escapeCell(t.name)} — ${STATUS_LABEL[t.status]}`;
  yield '';
  for (const d of t.diagnostics) yield `- **${d.severity}**: ${d.summary}${position(d) ? ` (${code(position(d) as string)})` : ''}`;
  if (t.diagnostics.length > 0) yield '';
  if (t.objects.length > 0) {
    for (const group of byOrigin(t.objects)) {
      yield `**${group.label}**`;
      yield '';
      yield '| Object | Field | Desired (YAML) | Live | Changed by |';
      yield '|---|---|---|---|---|';
      for (const o of group.objects) yield* objectRows(o, links);
      yield '';
    }
    yield '**How to fix**';
    yield '';
    for (const o of t.objects) yield fixItem(o);
    yield '';
  }
  if (t.inventory && hasInventory(t)) yield* inventoryMarkdown(t.inventory, escapeCell);
  if (t.accepted.length > 0) {
    yield '<details><summary>Accepted drift</summary>';
    yield '';
    for (const a of t.accepted) yield `- ${code(a.address)} ${a.fields.map(code).join(', ')}: ${a.reason}${a.expires ? ` (until ${a.expires})` : ''}`;
    yield '';
    yield '</details>';
    yield '';
  }
}

/**
 * Tenants shown in detail: not in sync, with accepted drift, with a warning (e.g. not a customer of the partner), or
 * with undeclared objects.
 */
export function needsAttention(t: DriftTenant): boolean {
  return t.status !== 'in_sync' || t.accepted.length > 0 || t.diagnostics.some((d) => d.severity !== 'info') || hasInventory(t);
}

function* driftLines(report: DriftReport, links: LinkOptions): Generator<string> {
  const s = report.summary;
  const kinds = new Map<string, number>();
  for (const t of report.tenants) for (const [k, n] of Object.entries(t.counts)) kinds.set(k, (kinds.get(k) ?? 0) + n);
  yield* [
    '## tenantform drift report',
    '',
    `${report.createdAt}${report.source.commit ? ` · commit ${report.source.commit.slice(0, 12)}` : ''}`,
    '',
    '| Tenants | ✅ In sync | ⚠️ Drifted | ❌ Errored | 🔗 Unlinked | Drifted objects |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${s.tenants} | ${s.in_sync} | ${s.drifted} | ${s.errored} | ${s.unlinked} | ${s.objects} |`,
    '',
  ];
  if (kinds.size > 0) {
    yield* ['| Kind | Drifted objects |', '|---|---:|'];
    for (const [k, n] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) yield `| ${k} | ${n} |`;
    yield '';
  }
  for (const t of report.tenants) if (needsAttention(t)) yield* tenantSection(t, links);
  const inSync = report.tenants.filter((t) => !needsAttention(t)).map((t) => t.name);
  if (inSync.length > 0) yield* [`In sync: ${inSync.map((n) => escapeCell(n)).join(', ')}`, ''];
}

/** The report in pieces, one drifted field at a time, so an estate of any size streams into drift.md. */
export function* driftMarkdownChunks(report: DriftReport, opts: DriftMarkdownOptions = {}): Generator<string> {
  // Lines are joined by newlines with none after the last, as the report has always ended.
  let first = true;
  for (const line of driftLines(report, opts.links ?? {})) {
    yield first ? line : '\n' + line;
    first = false;
  }
}

export function renderDriftMarkdown(report: DriftReport, opts: DriftMarkdownOptions = {}): string {
  return joinChunks(driftMarkdownChunks(report, opts));
}
