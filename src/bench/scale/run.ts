// One phase of a scenario against a running emulator, for tenantform and for the naive client: requests per service,
// wall time and the plan's changes. The worker process wraps these with memory sampling; the smoke test calls them.
import { createClients, createRequestCounter } from '../../clients/index.js';
import { applyPlan } from '../../engine/apply.js';
import { planRun } from '../../engine/run.js';
import { kinds } from '../../kinds/index.js';
import type { Plan } from '../../plan/types.js';
import { loadedTenant, type Sizes } from './model.js';
import { NAIVE_CONCURRENCY, naiveTenant } from './naive.js';
import { mapLimit } from '../../util/pool.js';
import { countsSince } from '../processes.js';

export interface PhaseResult {
  counts: Record<string, number>;
  ms: number;
  changes: number;
  errors: string[];
}

// tenantform runs with the engine's and the clients' own defaults, exactly as the CLI does.

export async function tenantformPhases(url: string, s: Sizes, apply: boolean): Promise<{ plan: PhaseResult; apply?: PhaseResult; replan?: PhaseResult }> {
  const counter = createRequestCounter();
  const tenants = Array.from({ length: s.tenants }, (_, t) => loadedTenant(s, t));
  const clientsFor = (t: (typeof tenants)[number]) =>
    createClients({ tenantId: t.config.tenant.tenantId, emulatorUrl: url, counter });
  const planOnce = async (): Promise<{ plan: Plan; result: PhaseResult }> => {
    const before = counter.snapshot();
    const started = performance.now();
    const plan = await planRun({ tenants, clientsFor, kinds });
    const errors = plan.tenants.flatMap((t) => t.diagnostics.filter((d) => d.severity === 'error').map((d) => `${t.name}: ${d.summary}`));
    const changes = plan.tenants.reduce((n, t) => n + t.changes.length, 0);
    return { plan, result: { counts: countsSince(counter.snapshot(), before), ms: performance.now() - started, changes, errors } };
  };
  const first = await planOnce();
  if (!apply) return { plan: first.result };
  const before = counter.snapshot();
  const started = performance.now();
  const summary = await applyPlan({ plan: first.plan, tenants, clientsFor, kinds, log: () => {} });
  const errors = summary.tenants.flatMap((t) => [...(t.message && t.status === 'refused' ? [`${t.name}: ${t.message}`] : []), ...t.failed.map((f) => `${f.address}: ${f.error}`)]);
  const applied: PhaseResult = { counts: countsSince(counter.snapshot(), before), ms: performance.now() - started, changes: summary.tenants.reduce((n, t) => n + t.completed.length, 0), errors };
  const replan = (await planOnce()).result;
  return { plan: first.result, apply: applied, replan };
}

export async function naivePhases(url: string, s: Sizes, apply: boolean): Promise<{ plan: PhaseResult; apply?: PhaseResult }> {
  const started = performance.now();
  // Tenants side by side as well, with the requests in flight shared out so the naive side is as parallel as ours.
  const perTenant = Math.max(1, Math.floor(NAIVE_CONCURRENCY / Math.min(s.tenants, NAIVE_CONCURRENCY)));
  const runs = await mapLimit(Array.from({ length: s.tenants }, (_, t) => t), Math.min(s.tenants, NAIVE_CONCURRENCY), (t) => naiveTenant(url, s, t, apply, perTenant));
  const add = (pick: (r: (typeof runs)[number]) => Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(pick(r))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const ms = performance.now() - started;
  const writeMs = runs.reduce((m, r) => Math.max(m, r.writeMs), 0);
  const changes = runs.reduce((n, r) => n + r.changes, 0);
  const plan: PhaseResult = { counts: add((r) => r.read), ms: ms - writeMs, changes, errors: [] };
  return apply ? { plan, apply: { counts: add((r) => r.write), ms: writeMs, changes, errors: [] } } : { plan };
}
