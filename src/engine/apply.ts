// Apply executes exactly a saved plan: per tenant it re-derives the plan from the checkout's YAML and a fresh read,
// refuses the tenant unless that equals the saved plan, then runs the changes in dependency order. It decides nothing
// the plan did not say, and writes nothing that planning now would not write.
import { createReadSession, type ReadSession } from '../clients/session.js';
import type { Clients } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';
import type { Kind } from '../kinds/contract.js';
import { rederive } from '../plan/rederive.js';
import type { Action, Change, Plan, TenantPlan } from '../plan/types.js';
import { describeError } from './errors.js';
import { formatVersionRefusal } from './guard.js';
import { MapIdResolver } from './ids.js';
import { deriveTenant } from './plan-tenant.js';
import { mapLimit } from '../util/pool.js';
import { DEFAULT_TENANT_CONCURRENCY, type ClientsFor, type TenantProgress } from './run.js';
import { runGraph } from './scheduler.js';

export interface ApplyLogEntry {
  time: string;
  tenant: string;
  changeId?: string;
  address?: string;
  action?: Action;
  /** already_live: a saved change whose effect the fresh read already shows; nothing is sent for it. */
  status: 'started' | 'completed' | 'failed' | 'skipped' | 'refused' | 'already_live';
  error?: string;
  /** What the kind reported for the user to act on, e.g. a GDAP approval link. */
  message?: string;
  durationMs?: number;
  /** The digest of the plan being applied, on every entry, so the log ties to the reviewed plan. */
  digest?: string;
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
  /** Saved changes already live before this apply (a re-run after a partial apply). */
  alreadyLive?: string[];
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
  /** Told as each tenant starts, steps and finishes, for progress output. */
  progress?: TenantProgress;
  /** Takes the tenant's writer lock before it is planned again; a string is why it cannot (the holder): refused. */
  lock?: (tenant: string) => Promise<{ release(): Promise<void> } | string>;
  /** Folder for encrypted secrets handed to the partner (temporary access passes). */
  secretsDir?: string;
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

interface Prepared {
  clients: Clients;
  /** The tenant run's reads: the re-derivation's, and apply's own (the SKU catalogue, read once for every change). */
  session: ReadSession;
  ids: MapIdResolver;
  /** The saved changes still to run, as planning now gives them. */
  pending: Change[];
  /** Saved changes whose effect the fresh read already shows (a re-run after a partial apply). */
  done: Change[];
}

/** Returns a refusal message, or what to apply with: apply writes only what planning now would write. */
async function prepare(run: TenantRun, loaded: LoadedTenant | undefined): Promise<string | Prepared> {
  const { tp, input, clock } = run;
  if (!loaded) return `tenant ${tp.name} could not be loaded from the YAML of this checkout; fix its errors and plan again`;
  const yamlId = loaded.config.tenant.tenantId;
  if (yamlId.toLowerCase() !== tp.tenantId.toLowerCase()) {
    return `tenantId in the plan (${tp.tenantId}) differs from the YAML (${yamlId}); plan again`;
  }
  const known = new Set(input.kinds.map((k) => k.kind));
  const unknown = tp.changes.find((c) => !known.has(c.kind));
  if (unknown) return `the plan has changes of kind ${unknown.kind}, which this tenantform does not know`;
  const clients = await input.clientsFor(loaded);
  // A targeted plan is compared with a re-derivation narrowed by the same targets: drift outside them is not its business.
  const session = createReadSession();
  const derived = await deriveTenant({ loaded, clients, kinds: input.kinds, now: clock(), targets: input.plan.targets, session });
  const verdict = rederive(tp, derived.plan, derived);
  if (!verdict.ok) return verdict.refusal;
  return { clients, session, ids: new MapIdResolver().seed(derived.live), pending: verdict.pending, done: verdict.done };
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
  if (typeof prepared === 'string' || !loaded) return refuse(typeof prepared === 'string' ? prepared : 'no tenant');
  const { clients, session, ids, pending, done } = prepared;
  for (const c of done) input.log({ time: clock().toISOString(), tenant: tp.name, changeId: c.id, address: c.address, action: c.action, status: 'already_live' });
  if (pending.length === 0) return { ...empty(tp.name, 'not_applicable', 'already applied: every change of the plan is live'), alreadyLive: done.map((c) => c.id) };

  const secrets = redactor(input.secret);
  const kinds = new Map(input.kinds.map((k) => [k.kind, k]));
  const byId = new Map(pending.map((c) => [c.id, c]));
  const summary = { ...empty(tp.name, 'applied'), alreadyLive: done.map((c) => c.id) };
  const entry = (c: Change, status: ApplyLogEntry['status'], extra: Partial<ApplyLogEntry> = {}): void =>
    input.log({ time: clock().toISOString(), tenant: tp.name, changeId: c.id, address: c.address, action: c.action, status, ...extra });

  const execute = async (id: string): Promise<void> => {
    const change = byId.get(id) as Change;
    const started = clock().getTime();
    entry(change, 'started');
    try {
      const kind = kinds.get(change.kind) as Kind;
      const result = await kind.apply(change, { tenant: loaded.config, clients, ids, session, secret: secrets.get, sensitive: secrets.register, secretsDir: input.secretsDir });
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
  await runGraph(pending, input.concurrency ?? DEFAULT_CHANGE_CONCURRENCY, execute, { onSkip });
  if (summary.failed.length > 0 || summary.skipped.length > 0) summary.status = 'failed';
  return summary;
}

/** One writer per tenant: the lock is held from before the tenant is read and planned again until its last write. */
async function applyTenantLocked(run: TenantRun, loaded: LoadedTenant | undefined): Promise<TenantApplySummary> {
  const { tp, input, clock } = run;
  if (!input.lock || tp.status === 'error' || tp.changes.length === 0) return applyTenant(run, loaded);
  const lock = await input.lock(tp.name).catch((error: unknown) => `taking the tenant lock failed: ${describeError(error)}`);
  if (typeof lock === 'string') {
    input.log({ time: clock().toISOString(), tenant: tp.name, status: 'refused', error: lock });
    return empty(tp.name, 'refused', lock);
  }
  try {
    return await applyTenant(run, loaded);
  } finally {
    await lock.release();
  }
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
  const digest = input.plan.digest;
  const progress = input.progress;
  const logged: ApplyInput = {
    ...input,
    log: (entry) => {
      if (entry.changeId) progress?.step?.(entry.tenant, entry.status);
      input.log({ ...entry, digest });
    },
  };
  const tenants = await mapLimit(input.plan.tenants, input.tenantConcurrency ?? DEFAULT_TENANT_CONCURRENCY, async (tp) => {
    progress?.start(tp.name);
    const summary = await applyTenantLocked({ input: logged, tp, clock }, loadedByName.get(tp.name));
    progress?.done(tp.name, ...applyOutcome(summary));
    return summary;
  });
  const ok = tenants.every((t) => t.status === 'applied' || t.status === 'not_applicable');
  return { status: ok ? 'success' : 'failed', tenants };
}

/** The word and counts a tenant's apply finished with, as progress shows it. */
export function applyOutcome(t: TenantApplySummary): [string, string | undefined] {
  if (t.status === 'not_applicable') return [t.message ?? 'no changes', undefined];
  if (t.status === 'refused') return ['refused', t.message];
  return [t.status, `${t.completed.length} completed, ${t.failed.length} failed, ${t.skipped.length} skipped`];
}

/** 0 when every tenant applied cleanly, else 1. */
export function applyExitCode(summary: ApplySummary): 0 | 1 {
  return summary.status === 'success' ? 0 : 1;
}
