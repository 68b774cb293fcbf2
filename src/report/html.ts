// drift.html: one self-contained page (inline CSS, no scripts, no external resources) so it can be attached to a CI
// run or mailed and opened anywhere. A grid of tenants by status on top, details per tenant below.
import { joinChunks, position } from '../plan/render/common.js';
import { factsText, fieldValues, needsAttention, STATUS_LABEL } from './markdown.js';
import type { DriftObject, DriftReport, DriftStatus, DriftTenant } from './types.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const e = escapeHtml;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}.meta{color:#59636e}
.totals{display:flex;gap:1rem;margin:1rem 0}.totals div{padding:.5rem 1rem;border-radius:6px;background:#f6f8fa}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem}
.tenant{border:1px solid #d1d9e0;border-left-width:6px;border-radius:6px;padding:.6rem .8rem;text-decoration:none;color:inherit}
.in_sync{border-left-color:#1a7f37}.drifted{border-left-color:#bf8700}.errored{border-left-color:#cf222e}.unlinked{border-left-color:#8250df}
.tenant .name{font-weight:600}.tenant .status{font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
.tenant .kinds{font-size:.85rem;color:#59636e}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #d1d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.diag{color:#cf222e}.accepted{color:#59636e}
`;

function card(t: DriftTenant): string {
  const kinds = Object.keys(t.counts).sort().map((k) => `${t.counts[k]} ${k}`).join(', ');
  return (
    `<a class="tenant ${t.status}" href="#t-${e(t.name)}" data-tenant="${e(t.name)}" data-status="${t.status}" data-objects="${t.objects.length}">` +
    `<div class="name">${e(t.name)}</div><div class="status">${STATUS_LABEL[t.status]}</div>` +
    `<div class="kinds">${kinds ? e(kinds) : t.status === 'in_sync' ? 'no drift' : '&nbsp;'}</div></a>`
  );
}

function objectRows(o: DriftObject): string {
  const who = e(factsText(o));
  if (o.fields.length === 0) {
    const what = o.drift === 'missing' ? 'declared, missing live' : 'live, declared absent';
    return `<tr data-address="${e(o.address)}"><td><code>${e(o.address)}</code></td><td>—</td><td colspan="2">${what}</td><td>${who}</td></tr>`;
  }
  return o.fields
    .map((f) => {
      const v = fieldValues(f);
      return `<tr data-address="${e(o.address)}" data-field="${e(f.path)}"><td><code>${e(o.address)}</code></td><td><code>${e(f.path)}</code></td><td class="desired"><code>${e(v.desired)}</code></td><td class="live"><code>${e(v.live)}</code></td><td class="who">${who}</td></tr>`;
    })
    .join('\n');
}

function* details(t: DriftTenant): Generator<string> {
  yield `<section id="t-${e(t.name)}"><h2>${e(t.name)} — ${STATUS_LABEL[t.status]}</h2><p class="meta">${e(t.tenantId)}</p>`;
  for (const d of t.diagnostics) yield `<p class="diag">${e(d.severity)}: ${e(d.summary)}${position(d) ? ` <code>${e(position(d) as string)}</code>` : ''}</p>`;
  if (t.objects.length > 0) {
    yield '<table class="drift"><thead><tr><th>Object</th><th>Field</th><th>Desired (YAML)</th><th>Live</th><th>Changed by</th></tr></thead><tbody>';
    for (const o of t.objects) yield objectRows(o);
    yield '</tbody></table>';
  }
  if (t.accepted.length > 0) {
    yield '<h3>Accepted drift</h3><ul class="accepted">';
    for (const a of t.accepted) yield `<li><code>${e(a.address)}</code> ${e(a.fields.join(', '))}: ${e(a.reason)}${a.expires ? ` (until ${e(a.expires)})` : ''}</li>`;
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

function* sections(tenants: DriftTenant[]): Generator<string> {
  for (const t of tenants) if (needsAttention(t)) yield joinChunks(joined(details(t), '\n'));
}

/** The page in pieces, one tenant's details at a time, so an estate of any size streams into drift.html. */
export function* driftHtmlChunks(report: DriftReport): Generator<string> {
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
${kindRows ? `<h2>Drift per kind</h2><table id="kinds"><thead><tr><th>Kind</th><th>Drifted objects</th></tr></thead><tbody>${kindRows}</tbody></table>` : ''}
`;
  yield* joined(sections(sorted), '\n');
  yield `
</body></html>
`;
}

export function renderDriftHtml(report: DriftReport): string {
  return joinChunks(driftHtmlChunks(report));
}
