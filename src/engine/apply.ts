// Apply executes exactly a saved plan: per tenant it re-checks identity, re-reads what the plan touches, refuses a
// stale tenant, then runs the changes in dependency order. It decides nothing the plan did not say.
import type { Clients } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';
import type { Kind } from '../kinds/contract.js';
import { ABSENT_FINGERPRINT } from '../plan/digest.js';
import { fingerprint } from '../plan/fingerprint.js';
import type { Action, Change, Plan, TenantPlan } from '../plan/types.js';
import { describeError, liveTenant, tenantMismatch } from './errors.js';
import { formatVersionRefusal } from './guard.js';
import { MapIdResolver } from './ids.js';
import { planTenant } from './plan-tenant.js';
import { mapLimit } from '../util/pool.js';
import { readKinds } from './read.js';
import { DEFAULT_TENANT_CONCURRENCY, type ClientsFor } from './run.js';
import { runGraph } from './scheduler.js';

export interface ApplyLogEntry {
  time: string;
  tenant: string;
  changeId?: string;
  address?: string;
  action?: Action;
  status: 'started' | 'completed' | 'failed' | 'skipped' | 'refused';
  error?: string;
  /** What the kind reported for the user to act on, e.g. a GDAP approval link. */
  message?: string;
  durationMs?: number;
}

export interface TenantApplySummary {
  name: string;
  /** applied: every change completed; failed: some failed or were skipped; refused: nothing was applied. */
  status: 'applied' | 'failed' | 'refused' | 'not_applicable';
  /** Why the tenant was refused or not applicable. */
  message?: string;
  completed: string[];
  /** Messages of completed changes for the user to act on (approval links and the like). */
  notes: { id: string; address: string; message: string }[];
  failed: { id: string; address: string; error: string }[];
  skipped: { id: string; address: string; reason: string }[];
}

export interface ApplySummary {
  status: 'success' | 'failed';
  tenants: TenantApplySummary[];
}

export interface ApplyInput {
  plan: Plan;
  tenants: LoadedTenant[];
  clientsFor: ClientsFor;
  kinds: Kind[];
  /** Changes in flight at once within a tenant. */
  concurrency?: number;
  /** Tenants applied at once. */
  tenantConcurrency?: number;
  log: (entry: ApplyLogEntry) => void;
  secret?: (name: string) => string;
  clock?: () => Date;
}

interface TenantRun {
  input: ApplyInput;
  tp: TenantPlan;
  clock: () => Date;
}

const empty = (name: string, status: TenantApplySummary['status'], message?: string): TenantApplySummary => ({
  name,
  status,
  ...(message ? { message } : {}),
  completed: [],
  notes: [],
  failed: [],
  skipped: [],
});

/** Changes of one tenant in flight at once: four full `$batch` calls of 20 coalesced writes. */
export const DEFAULT_CHANGE_CONCURRENCY = 80;

const ALREADY_APPLIED = Symbol('already applied');

/** Returns a refusal message, ALREADY_APPLIED, or the clients and id resolver to apply with. */
async function prepare(
  run: TenantRun,
  loaded: LoadedTenant | undefined,
): Promise<string | typeof ALREADY_APPLIED | { clients: Clients; ids: MapIdResolver }> {
  const { tp, input } = run;
  if (!loaded) return `tenant ${tp.name} is not in the loaded configuration`;
  const yamlId = loaded.config.tenant.tenantId;
  if (yamlId.toLowerCase() !== tp.tenantId.toLowerCase()) {
    return `tenantId in the plan (${tp.tenantId}) differs from the YAML (${yamlId}); plan again`;
  }
  const byName = new Map(input.kinds.map((k) => [k.kind, k]));
  const names = [...new Set(tp.changes.map((c) => c.kind))];
  const unknown = names.find((n) => !byName.has(n));
  if (unknown) return `the plan has changes of kind ${unknown}, which this tenantform does not know`;
  const clients = await input.clientsFor(loaded);
  const mismatch = tenantMismatch(tp.tenantId, await liveTenant(clients.graph), loaded.config.tenant.domains);
  if (mismatch) return mismatch;

  const touched = input.kinds.filter((k) => names.includes(k.kind));
  const read = await readKinds(loaded.config, clients, touched);
  if (!read.ok) return `re-reading before apply failed: ${read.diagnostics.map((d) => d.summary).join('; ')}`;
  const live = new Map<string, unknown>();
  for (const r of read.reads) for (const [address, obj] of r.liveByAddress) live.set(address, obj);
  const changed = tp.changes.find((c) => {
    const obj = live.get(c.address);
    return (obj === undefined ? ABSENT_FINGERPRINT : fingerprint(obj)) !== c.liveFingerprint;
  });
  if (changed) {
    // The same plan applied twice: the live tenant already matches the YAML, so there is nothing left to do.
    const again = await planTenant({ loaded, clients, kinds: touched });
    if (again.status === 'in_sync') return ALREADY_APPLIED;
    return `plan is stale: ${changed.address} changed since the plan was made`;
  }
  return { clients, ids: new MapIdResolver().seed(live) };
}

function redactor(secret: ApplyInput['secret']) {
  const served = new Set<string>();
  const get = (name: string): string => {
    if (!secret) throw new Error(`secret ${name} is needed but no secret source is configured`);
    const value = secret(name);
    served.add(value);
    return value;
  };
  const register = (value: string): void => {
    served.add(value);
  };
  const redact = (text: string): string => {
    let out = text;
    for (const value of served) if (value.length >= 4) out = out.split(value).join('(sensitive)');
    return out;
  };
  return { get, redact, register };
}

async function applyTenant(run: TenantRun, loaded: LoadedTenant | undefined): Promise<TenantApplySummary> {
  const { tp, input, clock } = run;
  const refuse = (message: string): TenantApplySummary => {
    input.log({ time: clock().toISOString(), tenant: tp.name, status: 'refused', error: message });
    return empty(tp.name, 'refused', message);
  };
  // An errored tenant stays an error at apply time too, so the run fails visibly instead of passing by omission.
  if (tp.status === 'error') return refuse('the plan has errors for this tenant; nothing was applied');
  if (tp.changes.length === 0) return empty(tp.name, 'not_applicable', 'no changes');
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(run, loaded);
  } catch (error) {
    return refuse(`checking the tenant before apply failed: ${describeError(error)}`);
  }
  if (prepared === ALREADY_APPLIED) return empty(tp.name, 'not_applicable', 'already applied: the live tenant matches the configuration');
  if (typeof prepared === 'string' || !loaded) return refuse(typeof prepared === 'string' ? prepared : 'no tenant');
  const { clients, ids } = prepared;

  const secrets = redactor(input.secret);
  const kinds = new Map(input.kinds.map((k) => [k.kind, k]));
  const byId = new Map(tp.changes.map((c) => [c.id, c]));
  const summary = empty(tp.name, 'applied');
  const entry = (c: Change, status: ApplyLogEntry['status'], extra: Partial<ApplyLogEntry> = {}): void =>
    input.log({ time: clock().toISOString(), tenant: tp.name, changeId: c.id, address: c.address, action: c.action, status, ...extra });

  const execute = async (id: string): Promise<void> => {
    const change = byId.get(id) as Change;
    const started = clock().getTime();
    entry(change, 'started');
    try {
      const kind = kinds.get(change.kind) as Kind;
      const result = await kind.apply(change, { tenant: loaded.config, clients, ids, secret: secrets.get, sensitive: secrets.register });
      if (result.id) ids.record(change.address, result.id);
      summary.completed.push(id);
      const message = result.message ? secrets.redact(result.message) : undefined;
      if (message) summary.notes.push({ id, address: change.address, message });
      entry(change, 'completed', { durationMs: clock().getTime() - started, ...(message ? { message } : {}) });
    } catch (error) {
      const text = secrets.redact(describeError(error));
      summary.failed.push({ id, address: change.address, error: text });
      entry(change, 'failed', { error: text, durationMs: clock().getTime() - started });
      throw error;
    }
  };
  const onSkip = (id: string, reason: string): void => {
    const change = byId.get(id) as Change;
    summary.skipped.push({ id, address: change.address, reason });
    entry(change, 'skipped', { error: reason });
  };
  await runGraph(tp.changes, input.concurrency ?? DEFAULT_CHANGE_CONCURRENCY, execute, { onSkip });
  if (summary.failed.length > 0 || summary.skipped.length > 0) summary.status = 'failed';
  return summary;
}

export async function applyPlan(input: ApplyInput): Promise<ApplySummary> {
  const clock = input.clock ?? (() => new Date());
  // A plan of another format may mean other things by the same fields: nothing of it is applied.
  const wrongFormat = formatVersionRefusal(input.plan);
  if (wrongFormat) {
    const tenants = (Array.isArray(input.plan.tenants) ? input.plan.tenants : []).map((tp) => {
      input.log({ time: clock().toISOString(), tenant: tp.name, status: 'refused', error: wrongFormat });
      return empty(tp.name, 'refused', wrongFormat);
    });
    return { status: 'failed', tenants };
  }
  const loadedByName = new Map(input.tenants.map((t) => [t.name, t]));
  const tenants = await mapLimit(input.plan.tenants, input.tenantConcurrency ?? DEFAULT_TENANT_CONCURRENCY, (tp) =>
    applyTenant({ input, tp, clock }, loadedByName.get(tp.name)),
  );
  const ok = tenants.every((t) => t.status === 'applied' || t.status === 'not_applicable');
  return { status: ok ? 'success' : 'failed', tenants };
}

/** 0 when every tenant applied cleanly, else 1. */
export function applyExitCode(summary: ApplySummary): 0 | 1 {
  return summary.status === 'success' ? 0 : 1;
}
