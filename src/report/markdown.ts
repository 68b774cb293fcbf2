// drift.md: the report as an issue body — counts first, then the tenants that need attention, each drifted field as
// desired versus live with who changed it and when.
import { escapeCell } from '../plan/render/markdown.js';
import { formatValue, position } from '../plan/render/common.js';
import type { DriftField, DriftObject, DriftReport, DriftStatus, DriftTenant } from './types.js';

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
  if (!o.facts || (!o.facts.actor && !o.facts.time)) return 'unknown';
  return [o.facts.actor ?? 'someone', o.facts.time ? `at ${o.facts.time}` : '', o.facts.activity ? `(${o.facts.activity})` : ''].filter(Boolean).join(' ');
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function objectRows(o: DriftObject): string[] {
  const who = escapeCell(factsText(o));
  if (o.fields.length === 0) {
    const what = o.drift === 'missing' ? 'declared, missing live' : 'live, declared absent';
    return [`| ${code(o.address)} | — | ${what} | | ${who} |`];
  }
  return o.fields.map((f) => {
    const v = fieldValues(f);
    return `| ${code(o.address)} | ${code(f.path)} | ${escapeCell(code(v.desired))} | ${escapeCell(code(v.live))} | ${who} |`;
  });
}

function tenantSection(t: DriftTenant): string[] {
  const out = [`### ${ICON[t.status]} ${escapeCell(t.name)} — ${STATUS_LABEL[t.status]}`, ''];
  for (const d of t.diagnostics) out.push(`- **${d.severity}**: ${d.summary}${position(d) ? ` (${code(position(d) as string)})` : ''}`);
  if (t.diagnostics.length > 0) out.push('');
  if (t.objects.length > 0) {
    out.push('| Object | Field | Desired (YAML) | Live | Changed by |', '|---|---|---|---|---|', ...t.objects.flatMap(objectRows), '');
  }
  if (t.accepted.length > 0) {
    out.push('<details><summary>Accepted drift</summary>', '');
    for (const a of t.accepted) out.push(`- ${code(a.address)} ${a.fields.map(code).join(', ')}: ${a.reason}${a.expires ? ` (until ${a.expires})` : ''}`);
    out.push('', '</details>', '');
  }
  return out;
}

export function renderDriftMarkdown(report: DriftReport): string {
  const s = report.summary;
  const kinds = new Map<string, number>();
  for (const t of report.tenants) for (const [k, n] of Object.entries(t.counts)) kinds.set(k, (kinds.get(k) ?? 0) + n);
  const out = [
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
    out.push('| Kind | Drifted objects |', '|---|---:|', ...[...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `| ${k} | ${n} |`), '');
  }
  const attention = report.tenants.filter((t) => t.status !== 'in_sync' || t.accepted.length > 0);
  for (const t of attention) out.push(...tenantSection(t));
  const inSync = report.tenants.filter((t) => t.status === 'in_sync' && t.accepted.length === 0).map((t) => t.name);
  if (inSync.length > 0) out.push(`In sync: ${inSync.map((n) => escapeCell(n)).join(', ')}`, '');
  return out.join('\n');
}
