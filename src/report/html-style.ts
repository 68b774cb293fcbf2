// The look of drift.html. Severities have colours that mean something (error red, warning amber, info blue) with
// text at a contrast of at least 4.5:1 on its background (WCAG AA). Text wraps at spaces only; ids and addresses,
// long tokens without spaces, may break anywhere; a table wider than a narrow screen scrolls inside its own box
// rather than squeezing its columns until words break.
import type { Severity } from '../plan/types.js';

/** Text, background and accent (left border) of a diagnostic of each severity; the tests hold the page to these. */
export const SEVERITY_PALETTE: Record<Severity, { text: string; background: string; accent: string }> = {
  error: { text: '#a40e26', background: '#ffebe9', accent: '#cf222e' },
  warning: { text: '#6f4400', background: '#fff8c5', accent: '#bf8700' },
  info: { text: '#0550ae', background: '#ddf4ff', accent: '#0969da' },
};

const severityRules = (Object.keys(SEVERITY_PALETTE) as Severity[])
  .map((s) => {
    const p = SEVERITY_PALETTE[s];
    return `.diag.sev-${s}{color:${p.text};background:${p.background};border-left-color:${p.accent}}`;
  })
  .join('\n');

export const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
@media (max-width:600px){body{margin:1rem .75rem}}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}.meta{color:#59636e}
.totals{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:1rem 0}.totals div{padding:.5rem 1rem;border-radius:6px;background:#f6f8fa}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(14rem,100%),1fr));gap:.75rem}
.tenant{border:1px solid #d1d9e0;border-left-width:6px;border-radius:6px;padding:.6rem .8rem;text-decoration:none;color:inherit}
.in_sync{border-left-color:#1a7f37}.drifted{border-left-color:#bf8700}.errored{border-left-color:#cf222e}.unlinked{border-left-color:#8250df}
.tenant .name{font-weight:600;overflow-wrap:anywhere}.tenant .status{font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
.tenant .kinds{font-size:.85rem;color:#59636e}
.scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d1d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal}
th{background:#f6f8fa;white-space:nowrap}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.id{overflow-wrap:anywhere}
td.object{min-width:9rem}td.field{white-space:nowrap}td.desired,td.live{min-width:7rem}td.who{min-width:8rem}
a.yaml{display:inline-block;font-size:.85rem;white-space:nowrap}
.badge{display:inline-block;padding:0 .4rem;border-radius:1rem;font-size:.8rem;font-weight:600;background:#ddf4ff;color:#0550ae}
tr.fix td{background:#f6f8fa;font-size:.9rem}.fix code.snippet{background:#fff;border:1px solid #d1d9e0;border-radius:4px;padding:0 .25rem}
.diag{margin:.4rem 0;padding:.35rem .6rem;border-left:4px solid;border-radius:4px}
.diag .sev{font-weight:600;text-transform:uppercase;font-size:.8rem;letter-spacing:.03em;margin-right:.4rem}
${severityRules}
.accepted{color:#59636e}
`;
