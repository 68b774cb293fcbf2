// `report merge`: shards of one run (plans or drift reports) become one document. Shards split tenants, so a tenant
// appearing twice means the inputs are not shards of one run, which is an error rather than a silent pick.
import { summarize } from '../engine/run.js';
import { sealPlan } from '../plan/digest.js';
import { parsePlan, PlanFileError } from '../plan/read.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import { summarizeDrift } from './build.js';
import { withTenantLinks } from './links.js';
import { checkShardSet } from './shards.js';
import { DRIFT_REPORT_VERSION, type DriftReport } from './types.js';

export type Merged = { type: 'plan'; plan: Plan } | { type: 'drift'; report: DriftReport };

export class MergeError extends Error {
  override name = 'MergeError';
}

function parseDrift(text: string, file: string): DriftReport | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const d = data as Partial<DriftReport>;
  if (d?.type !== 'drift') return undefined;
  if (d.reportVersion !== DRIFT_REPORT_VERSION) throw new MergeError(`${file}: unsupported drift report version ${JSON.stringify(d.reportVersion)}`);
  if (!Array.isArray(d.tenants)) throw new MergeError(`${file}: field "tenants" must be an array`);
  return d as DriftReport;
}

function checkUnique(names: { name: string; file: string }[]): void {
  const seen = new Map<string, string>();
  for (const { name, file } of names) {
    const first = seen.get(name);
    if (first) throw new MergeError(`tenant ${name} is in both ${first} and ${file}; merge the shards of one run only`);
    seen.set(name, file);
  }
}

const latest = (dates: string[]): string => [...dates].sort().at(-1) ?? new Date(0).toISOString();

const fileOf = (inputs: { file: string }[], i: number): string => (inputs[i] as { file: string }).file;

/** Drift shards become one report; the first shard's tenant links, read over the whole estate, are applied here. */
function mergeDrift(reports: DriftReport[], inputs: { file: string }[]): Merged {
  checkShardSet(reports.map((r, i) => ({ file: fileOf(inputs, i), shard: r.shard, names: r.tenants.map((t) => t.name) })));
  checkUnique(reports.flatMap((r, i) => r.tenants.map((t) => ({ name: t.name, file: fileOf(inputs, i) }))));
  const tenants = reports.flatMap((r) => r.tenants).sort((a, b) => a.name.localeCompare(b.name));
  const { shard: _shard, links: _links, ...first } = reports[0] as DriftReport;
  const merged: DriftReport = { ...first, createdAt: latest(reports.map((r) => r.createdAt)), tenants, summary: summarizeDrift(tenants) };
  const links = reports.find((r) => r.links)?.links;
  return { type: 'drift', report: links ? withTenantLinks(merged, links) : merged };
}

function mergePlans(plans: Plan[], inputs: { file: string }[]): Merged {
  checkShardSet(plans.map((p, i) => ({ file: fileOf(inputs, i), shard: p.shard, names: p.tenants.map((t) => t.name) })));
  checkUnique(plans.flatMap((p, i) => p.tenants.map((t) => ({ name: t.name, file: fileOf(inputs, i) }))));
  const commits = new Set(plans.map((p) => p.source.commit));
  if (commits.size > 1) throw new MergeError(`the shards were planned from different commits (${[...commits].join(', ')})`);
  const tenants = plans.flatMap((p) => p.tenants).sort((a, b) => a.name.localeCompare(b.name));
  const source = { commit: plans[0]?.source.commit ?? null, dirty: plans.some((p) => p.source.dirty) };
  return { type: 'plan', plan: sealPlan({ formatVersion: PLAN_FORMAT_VERSION, createdAt: latest(plans.map((p) => p.createdAt)), source, tenants, summary: summarize(tenants) }) };
}

/** Merges shard documents given as `{file, text}`; all must be plans or all drift reports, and one whole run. */
export function mergeDocuments(inputs: { file: string; text: string }[]): Merged {
  if (inputs.length === 0) throw new MergeError('nothing to merge: give the shard files');
  const drifts = inputs.map((i) => parseDrift(i.text, i.file));
  if (drifts.every((d) => d !== undefined)) return mergeDrift(drifts as DriftReport[], inputs);
  if (drifts.some((d) => d !== undefined)) throw new MergeError('cannot merge plans with drift reports');
  return mergePlans(inputs.map((i) => parsePlan(i.text, i.file)), inputs);
}
