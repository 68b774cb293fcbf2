// Plans one tenant: safety check, scoped read of every kind, pure diffs, then central policy and assembly.
import type { Caller } from '../clients/caller.js';
import type { ReadSession } from '../clients/session.js';
import type { Clients } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';
import type { Kind, TenantFacts } from '../kinds/contract.js';
import { assembleChanges, findCycle, type Proposal } from '../plan/assemble.js';
import { applyPolicy, type KindReadState } from '../plan/policy.js';
import { narrowToTargets, targetMatches } from '../plan/target.js';
import type { Diagnostic, TenantPlan } from '../plan/types.js';
import { describeError, liveTenant, tenantMismatch } from './errors.js';
import { readInventory, type InventoryMode } from './inventory.js';
import { gateAccess } from './access.js';
import { readKinds, type KindRead } from './read.js';
import type { SyncedDirectory } from './drift-state.js';

export interface PlanTenantInput {
  loaded: LoadedTenant;
  clients: Clients;
  kinds: Kind[];
  now?: Date;
  /** Kinds fetched at once within this tenant. */
  kindConcurrency?: number;
  /** Narrow the plan to these addresses (globs) and their dependencies, as `--target` does. */
  targets?: readonly string[];
  /** The run's read session; a fresh one when absent, so a plan never reuses another run's reads. */
  session?: ReadSession;
  /** Read the inventory of undeclared objects: plan counts them, drift lists them. Apply's re-derivation does not. */
  inventory?: InventoryMode;
  /** Drift only: the tenant's users and groups from its delta snapshot, brought up to date once the tenant id checks out. */
  directory?: (clients: Clients) => Promise<SyncedDirectory>;
}

export function erroredTenant(loaded: LoadedTenant, diagnostics: Diagnostic[]): TenantPlan {
  const ring = loaded.config.tenant.ring;
  return {
    name: loaded.name,
    tenantId: loaded.config.tenant.tenantId,
    ...(ring ? { ring } : {}),
    status: 'error',
    changes: [],
    unmanaged: {},
    ignored: [],
    diagnostics,
  };
}

/** Fills in YAML positions for kind diagnostics that name a config path. */
function locate(loaded: LoadedTenant, d: Diagnostic): Diagnostic {
  if (d.file || !d.path) return d;
  const pos = loaded.locate(d.path);
  return pos ? { ...d, ...pos } : d;
}

function diffAll(loaded: LoadedTenant, reads: KindRead[], now: Date, caller: Caller | undefined) {
  const proposals: Proposal[] = [];
  const diagnostics: Diagnostic[] = [];
  const unmanaged: Record<string, number> = {};
  for (const read of reads) {
    const { kind, result } = read;
    const ctx = { tenant: loaded.config, now, prune: read.prune, complete: result.complete, facts: result.facts ?? {}, ...(caller ? { caller } : {}) };
    const diff = kind.diff(read.desired, result.live, ctx);
    // The engine owns the kind name: apply finds the module that executes a change by it.
    for (const change of diff.changes) proposals.push({ change: { ...change, kind: kind.kind }, kindIndex: read.index });
    for (const d of diff.diagnostics ?? []) diagnostics.push(locate(loaded, d));
    if (diff.unmanaged !== undefined && diff.unmanaged > 0) unmanaged[kind.kind] = diff.unmanaged;
  }
  return { proposals, diagnostics, unmanaged };
}

/** A tenant's plan with what it was derived from: apply compares it with a saved plan before it writes. */
export interface DerivedTenant {
  plan: TenantPlan;
  /** The live objects read, by address. */
  live: ReadonlyMap<string, unknown>;
  /** True when the read would have found a live object at this address: declared, or its kind read completely. */
  covered(kind: string, address: string): boolean;
  /** The targets that name a change, a live object or a declared one in this tenant. */
  targetsFound: string[];
}

/**
 * Errors reported by kinds (e.g. a seat shortfall) make the tenant `error` like Terraform's: apply is blocked, but the
 * changes stay in the plan so the reviewer sees what would have happened. Read failures, a tenant id mismatch and
 * policy refusals keep no changes at all.
 */
export async function planTenant(input: PlanTenantInput): Promise<TenantPlan> {
  return (await deriveTenant(input)).plan;
}

const nothingRead = (plan: TenantPlan): DerivedTenant => ({ plan, live: new Map(), covered: () => false, targetsFound: [] });

function declaredAddresses(reads: KindRead[]): string[] {
  return reads.flatMap((r) => r.desired.map((d) => r.kind.address(d)));
}

/** The plan narrowed to its targets (when given), with which targets name anything in this tenant. */
function targeted(plan: TenantPlan, targets: readonly string[] | undefined, known: Iterable<string>): { plan: TenantPlan; found: string[] } {
  if (!targets) return { plan, found: [] };
  const addresses = [...plan.changes.map((c) => c.address), ...known];
  const found = targets.filter((t) => addresses.some((a) => targetMatches(t, a)));
  const changes = narrowToTargets(plan.changes, targets);
  const status = plan.status === 'error' || plan.status === 'pending_access' ? plan.status : changes.length > 0 ? 'changes' : 'in_sync';
  return { plan: { ...plan, status, changes }, found };
}

function coverage(config: LoadedTenant['config'], reads: KindRead[], live: ReadonlyMap<string, unknown>): DerivedTenant['covered'] {
  const declared = new Set<string>();
  const byName = new Map(reads.map((r) => [r.kind.kind, r]));
  for (const r of reads) for (const d of r.desired) declared.add(r.kind.address(d));
  return (kind, address) => {
    if (live.has(address) || declared.has(address)) return true;
    const read = byName.get(kind);
    return read !== undefined && (read.result.complete || read.kind.covers?.(address, config) === true);
  };
}

export async function deriveTenant(input: PlanTenantInput): Promise<DerivedTenant> {
  const { loaded, clients, kinds } = input;
  const now = input.now ?? new Date();
  const yamlId = loaded.config.tenant.tenantId;
  // The partner side first: while the customer cannot be reached, only its steps are planned (pending access).
  const gate = await gateAccess(loaded.config, clients, kinds, input.kindConcurrency);
  if (gate.pending === 'unknown') return nothingRead(erroredTenant(loaded, gate.diagnostics));
  let caller: Caller | undefined;
  if (!gate.pending) {
    try {
      const mismatch = tenantMismatch(yamlId, await liveTenant(clients.graph), loaded.config.tenant.domains);
      if (mismatch) return nothingRead(erroredTenant(loaded, [{ severity: 'error', summary: mismatch, path: 'tenant.tenantId' }]));
    } catch (error) {
      return nothingRead(erroredTenant(loaded, [{ severity: 'error', summary: `reading the organization failed: ${describeError(error)}` }]));
    }
    try {
      caller = await clients.caller?.();
    } catch (error) {
      return nothingRead(erroredTenant(loaded, [{ severity: 'error', summary: `telling tenantform's own access apart failed: ${describeError(error)}` }]));
    }
  }

  let synced: SyncedDirectory | undefined;
  try {
    synced = gate.pending ? undefined : await input.directory?.(clients);
  } catch (error) {
    return nothingRead(erroredTenant(loaded, [{ severity: 'error', summary: `reading users and groups by delta failed: ${describeError(error)}` }]));
  }
  const read = gate.pending
    ? { ok: true as const, reads: gate.reads }
    : await readKinds(loaded.config, clients, kinds, input.kindConcurrency, input.session, synced?.directory);
  if (!read.ok) return nothingRead(erroredTenant(loaded, [...(synced?.notes ?? []), ...read.diagnostics]));

  // The customer side unread (pending access) has no inventory to take.
  const inventory = input.inventory && !gate.pending ? await readInventory(loaded.config, clients, read.reads, input.inventory, synced?.directory) : undefined;

  let diffed: ReturnType<typeof diffAll>;
  try {
    diffed = diffAll(loaded, read.reads, now, caller);
  } catch (error) {
    return nothingRead(erroredTenant(loaded, [{ severity: 'error', summary: `diff failed: ${describeError(error)}` }]));
  }

  const reads: Record<string, KindReadState> = {};
  const facts: TenantFacts = {};
  const liveByAddress = new Map<string, unknown>();
  for (const r of read.reads) {
    reads[r.kind.kind] = { complete: r.result.complete, prune: r.prune };
    Object.assign(facts, r.result.tenantFacts);
    for (const [address, obj] of r.liveByAddress) liveByAddress.set(address, obj);
  }
  const policy = applyPolicy({
    changes: diffed.proposals.map((p) => p.change),
    policy: loaded.config.policy,
    reads,
    now,
    tenant: loaded.config,
    facts,
  });
  const diagnostics = [...(gate.pending ? gate.diagnostics : []), ...(synced?.notes ?? []), ...diffed.diagnostics, ...policy.diagnostics, ...(inventory?.diagnostics ?? [])].map((d) => locate(loaded, d));
  const ring = loaded.config.tenant.ring;
  const base = { name: loaded.name, tenantId: yamlId, ...(ring ? { ring } : {}), unmanaged: diffed.unmanaged, ...(inventory ? { inventory: inventory.inventory } : {}), ignored: policy.ignored };
  const known = [...liveByAddress.keys(), ...declaredAddresses(read.reads)];
  const derived = (whole: TenantPlan): DerivedTenant => {
    const { plan, found } = targeted(whole, input.targets, known);
    return { plan, live: liveByAddress, covered: coverage(loaded.config, read.reads, liveByAddress), targetsFound: found };
  };
  if (policy.refusal) return derived({ ...base, status: 'error', changes: [], diagnostics });

  const kindIndex = new Map(read.reads.map((r) => [r.kind.kind, r.index]));
  const proposals: Proposal[] = policy.changes.map((change) => ({ change, kindIndex: kindIndex.get(change.kind) ?? 0 }));
  const changes = assembleChanges(loaded.name, proposals, liveByAddress);
  const cycle = findCycle(changes);
  if (cycle) {
    const summary = `dependency cycle between changes: ${cycle.join(' → ')}`;
    return derived({ ...base, status: 'error', changes: [], diagnostics: [...diagnostics, { severity: 'error', summary }] });
  }
  const status = diagnostics.some((d) => d.severity === 'error') ? 'error' : gate.pending ? 'pending_access' : changes.length > 0 ? 'changes' : 'in_sync';
  return derived({ ...base, status, changes, diagnostics });
}

