// The plan run over many tenants: concurrent, isolated (one tenant's failure is its own error status), summarised.
import type { Clients } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';
import type { Kind } from '../kinds/contract.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanSummary, type ShardRecord, type TenantPlan } from '../plan/types.js';
import { sealPlan } from '../plan/digest.js';
import { describeError } from './errors.js';
import type { InventoryMode } from './inventory.js';
import { syncDirectory } from './drift-state.js';
import { deriveTenant, erroredTenant } from './plan-tenant.js';
import { byRing } from './rings.js';
import { mapLimit } from '../util/pool.js';

export type ClientsFor = (tenant: LoadedTenant) => Promise<Clients> | Clients;

export interface PlanRunInput {
  tenants: LoadedTenant[];
  clientsFor: ClientsFor;
  kinds: Kind[];
  /** Tenants planned at once. */
  concurrency?: number;
  source?: { commit: string | null; dirty: boolean };
  now?: Date;
  /** Signs the plan (HMAC) when set. */
  planKey?: string;
  /** Recorded on the plan of one shard, so that merging checks the set of shards is complete. */
  shard?: ShardRecord;
  /** Told as each tenant starts and finishes, for progress output. */
  progress?: TenantProgress;
  /** `--target`: narrow every tenant's plan to these addresses and their dependencies. */
  targets?: string[];
  /** The inventory of undeclared objects: counted (`plan`, the default), listed (`drift`), or not read (`false`). */
  inventory?: InventoryMode | false;
  /** Drift: users and groups from each tenant's delta state (`--state-dir`); plan and apply leave it unset. */
  deltaStateDir?: string;
}

/** A target that names nothing in any planned tenant: a typo, refused rather than planned as "no changes". */
export class TargetError extends Error {}

/** Per-tenant progress of a run; `done` gets the tenant's outcome as a word (in sync, changes, error, applied…). */
export interface TenantProgress {
  start(tenant: string): void;
  /** A step of apply within the tenant (an apply log status: completed, failed…). */
  step?(tenant: string, status: string): void;
  done(tenant: string, outcome: string, detail?: string): void;
}

/** The word and counts a plan's tenant finished with, as progress shows it. */
export function planOutcome(t: TenantPlan): [string, string | undefined] {
  if (t.status === 'error') return ['error', t.diagnostics.find((d) => d.severity === 'error')?.summary];
  if (t.status === 'in_sync') return ['in sync', undefined];
  if (t.status === 'pending_access') return ['pending access', `${t.changes.length} partner-side change${t.changes.length === 1 ? '' : 's'}`];
  return ['changes', `${t.changes.length} change${t.changes.length === 1 ? '' : 's'}`];
}

export const DEFAULT_TENANT_CONCURRENCY = 16;

export function summarize(tenants: TenantPlan[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, replace: 0, tenants: tenants.length, errored: 0 };
  for (const t of tenants) {
    if (t.status === 'error') summary.errored++;
    for (const c of t.changes) summary[c.action]++;
  }
  return summary;
}

export async function planRun(input: PlanRunInput): Promise<Plan> {
  const now = input.now ?? new Date();
  const found = new Set<string>();
  const planOne = async (loaded: LoadedTenant): Promise<TenantPlan> => {
    try {
      const clients = await input.clientsFor(loaded);
      const inventory = input.inventory === false ? undefined : (input.inventory ?? 'plan');
      const stateDir = input.deltaStateDir;
      const wanted = { users: (loaded.config.users?.length ?? 0) + (loaded.config.groups?.length ?? 0) > 0, groups: (loaded.config.groups?.length ?? 0) > 0 };
      const directory = stateDir === undefined || !wanted.users ? undefined : (c: Clients) => syncDirectory(c.graph, loaded.config.tenant.tenantId, stateDir, wanted);
      const derived = await deriveTenant({ loaded, clients, kinds: input.kinds, now, targets: input.targets, inventory, directory });
      for (const t of derived.targetsFound) found.add(t);
      return derived.plan;
    } catch (error) {
      return erroredTenant(loaded, [{ severity: 'error', summary: `planning failed: ${describeError(error)}` }]);
    }
  };
  const tenants = await mapLimit(input.tenants, input.concurrency ?? DEFAULT_TENANT_CONCURRENCY, async (loaded) => {
    input.progress?.start(loaded.name);
    const t = await planOne(loaded);
    input.progress?.done(loaded.name, ...planOutcome(t));
    return t;
  });
  const unmatched = (input.targets ?? []).filter((t) => !found.has(t));
  // A tenant whose read failed may hold the target; its error already fails the run.
  if (unmatched.length > 0 && tenants.every((t) => t.status !== 'error')) {
    throw new TargetError(`--target ${unmatched.join(', ')}: matches no change, live object or declared object in the planned tenants`);
  }
  const plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: now.toISOString(),
    source: input.source ?? { commit: null, dirty: false },
    ...(input.shard ? { shard: input.shard } : {}),
    ...(input.targets ? { targets: input.targets } : {}),
    tenants: byRing(tenants),
    summary: summarize(tenants),
  };
  return sealPlan(plan, input.planKey);
}

/** 1 when any tenant errored; 2 when there are changes and the caller asked for detailed codes; else 0. */
export function exitCodeFor(plan: Plan, detailedExitcode: boolean): 0 | 1 | 2 {
  if (plan.tenants.some((t) => t.status === 'error')) return 1;
  if (detailedExitcode && plan.tenants.some((t) => t.changes.length > 0)) return 2;
  return 0;
}
