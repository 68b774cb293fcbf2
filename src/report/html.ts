// drift.html: one self-contained page (inline CSS, no scripts, no external resources) so it can be attached to a CI
// run or mailed and opened anywhere. A grid of tenants by status on top, details per tenant below: each drifted
// object with a link to its YAML and how to fix it.
import { joinChunks, position } from '../plan/render/common.js';
import type { Diagnostic } from '../plan/types.js';
import { createSummary, howToFix, sourceHref, sourceLabel, type LinkOptions } from './fix.js';
import { STYLE } from './html-style.js';
import { hasInventory, inventoryHtml } from './inventory.js';
import { factsText, fieldValues, needsAttention, STATUS_LABEL } from './markdown.js';
import type { DriftObject, DriftReport, DriftStatus, DriftTenant } from './types.js';

export interface DriftHtmlOptions {
  links?: LinkOptions;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const e = escapeHtml;

/** Inline `code` in a fix step's text becomes <code>; everything else is escaped. */
const inline = (text: string): string => e(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function card(t: DriftTenant): string {
  const kinds = Object.keys(t.counts).sort().map((k) => `${t.counts[k]} ${k}`).join(', ');
  return (
    `<a class="tenant ${t.status}" href="#t-${e(t.name)}" data-tenant="${e(t.name)}" data-status="${t.status}" data-objects="${t.objects.length}">` +
    `<div class="name">${e(t.name)}</div><div class="status">${STATUS_LABEL[t.status]}</div>` +
    `<div class="kinds">${kinds ? e(kinds) : t.status === 'in_sync' ? 'no drift' : '&nbsp;'}</div></a>`
  );
}

function objectCell(o: DriftObject, links: LinkOptions, rows: number): string {
  const link = o.source
    ? ` <a class="yaml" href="${e(sourceHref(o.source, links))}" title="${e(`${o.source.file}:${o.source.line}`)}">${e(sourceLabel(o.source))}</a>`
    : '';
  return `<td class="object"${rows > 1 ? ` rowspan="${rows}"` : ''}><code class="id">${e(o.address)}</code>${link}</td>`;
}

/** One row for an object to create or delete: its fields are what apply will send, not drift to read. */
function wholeObjectRow(o: DriftObject, links: LinkOptions): string {
  const summary = createSummary(o);
  const what =
    o.drift === 'missing'
      ? `<span class="badge">pending create</span>${summary ? ` ${e(summary)}` : ''}`
      : o.drift === 'unwanted'
        ? 'live, declared absent or not declared'
        : 'changed';
  return `<tr>${objectCell(o, links, 1)}<td class="field">—</td><td class="what" colspan="2">${what}</td><td class="who">${e(factsText(o))}</td></tr>`;
}

function fieldRows(o: DriftObject, links: LinkOptions): string[] {
  return o.fields.map((f, i) => {
    const v = fieldValues(f);
    const first = i === 0 ? objectCell(o, links, o.fields.length) : '';
    return (
      `<tr data-field="${e(f.path)}">${first}<td class="field"><code>${e(f.path)}</code></td>` +
      `<td class="desired"><code>${e(v.desired)}</code></td><td class="live"><code>${e(v.live)}</code></td><td class="who">${e(factsText(o))}</td></tr>`
    );
  });
}

function fixRow(o: DriftObject): string {
  const steps = howToFix(o).map((s) => `${inline(s.text)}${s.snippet ? ` <code class="snippet">${e(s.snippet)}</code>` : ''}`);
  return `<tr class="fix"><td colspan="5"><strong>How to fix:</strong> ${steps.join('; ')}.</td></tr>`;
}

/** An object's rows in a tbody of their own, so that they stay together and can be found as one. */
function objectRows(o: DriftObject, links: LinkOptions): string {
  const rows = o.drift === 'changed' && o.fields.length > 0 ? fieldRows(o, links) : [wholeObjectRow(o, links)];
  return [`<tbody class="object" data-address="${e(o.address)}" data-drift="${o.drift}">`, ...rows, fixRow(o), '</tbody>'].join('\n');
}

function diagnosticLine(d: Diagnostic): string {
  const at = position(d);
  return (
    `<p class="diag sev-${d.severity}" data-severity="${d.severity}"><span class="sev">${e(d.severity)}</span>` +
    `${e(d.summary)}${at ? ` <code class="id">${e(at)}</code>` : ''}</p>`
  );
}

function* details(t: DriftTenant, links: LinkOptions): Generator<string> {
  yield `<section id="t-${e(t.name)}"><h2>${e(t.name)} — ${STATUS_LABEL[t.status]}</h2><p class="meta id">${e(t.tenantId)}</p>`;
  for (const d of t.diagnostics) yield diagnosticLine(d);
  if (t.objects.length > 0) {
    yield '<div class="scroll"><table class="drift"><thead><tr><th>Object</th><th>Field</th><th>Desired (YAML)</th><th>Live</th><th>Changed by</th></tr></thead>';
    for (const o of t.objects) yield objectRows(o, links);
    yield '</table></div>';
  }
  if (t.inventory && hasInventory(t)) yield* inventoryHtml(t.inventory, e);
  if (t.accepted.length > 0) {
    yield '<h3>Accepted drift</h3><ul class="accepted">';
    for (const a of t.accepted) yield `<li><code class="id">${e(a.address)}</code> ${e(a.fields.join(', '))}: ${e(a.reason)}${a.expires ? ` (until ${e(a.expires)})` : ''}</li>`;
    yield '</ul>';
  }
  yield '</section>';
}

/** `parts` with `separator` between them, as Array.join would put it, without building the array. */
function* joined(parts: Iterable<string>, separator: string): Generator<string> {
  let first = true;
  for (const part of parts) {
    yield first ? part : separator + part;
    first = false;
  }
}

function* sections(tenants: DriftTenant[], links: LinkOptions): Generator<string> {
  for (const t of tenants) if (needsAttention(t)) yield joinChunks(joined(details(t, links), '\n'));
}

/** The page in pieces, one tenant's details at a time, so an estate of any size streams into drift.html. */
export function* driftHtmlChunks(report: DriftReport, opts: DriftHtmlOptions = {}): Generator<string> {
  const s = report.summary;
  const order: DriftStatus[] = ['unlinked', 'errored', 'drifted', 'in_sync'];
  const sorted = [...report.tenants].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.name.localeCompare(b.name));
  const kinds = new Map<string, number>();
  for (const t of report.tenants) for (const [k, n] of Object.entries(t.counts)) kinds.set(k, (kinds.get(k) ?? 0) + n);
  const kindRows = [...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `<tr><td>${e(k)}</td><td>${n}</td></tr>`).join('');
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>tenantform drift report</title><style>${STYLE}</style></head>
<body>
<h1>tenantform drift report</h1>
<p class="meta">${e(report.createdAt)}${report.source.commit ? ` · commit <code>${e(report.source.commit.slice(0, 12))}</code>` : ''}</p>
<div class="totals" id="totals"><div>${s.tenants} tenants</div><div>${s.in_sync} in sync</div><div>${s.drifted} drifted</div><div>${s.errored} errored</div><div>${s.unlinked} unlinked</div><div>${s.objects} drifted objects</div></div>
<div class="grid" id="grid">
`;
  yield* joined(sorted.map(card), '\n');
  yield `
</div>
${kindRows ? `<h2>Drift per kind</h2><div class="scroll"><table id="kinds"><thead><tr><th>Kind</th><th>Drifted objects</th></tr></thead><tbody>${kindRows}</tbody></table></div>` : ''}
`;
  yield* joined(sections(sorted, opts.links ?? {}), '\n');
  yield `
</body></html>
`;
}

export function renderDriftHtml(report: DriftReport, opts: DriftHtmlOptions = {}): string {
  return joinChunks(driftHtmlChunks(report, opts));
}
