// The fixed contract every resource kind implements. A kind describes itself (`KindSpec`: shape, YAML section and
// key, address prefix, references offered and used, schema file), and the loader, the checks, the schema and the
// export layout are derived from that. Adding a kind: a folder under src/kinds/, its schema file, one line in
// src/kinds/index.ts (and the emulator endpoints it talks to).
import type { Caller } from '../clients/caller.js';
import type { ReadSession } from '../clients/session.js';
import type { Clients } from '../clients/types.js';
import { valuesAt, type KindSpec } from '../config/kind-spec.js';
import type { TenantConfig } from '../config/model.js';
import type { Change, Diagnostic, ProposedChange, TenantFacts } from '../plan/types.js';

// The vocabulary kinds share with the plan and its policy lives in plan/types.ts, below both; re-exported here so
// that kinds keep importing their contract from one place.
export type { GlobalAdminHolder, ProposedChange, TenantFacts } from '../plan/types.js';
export type { KindShape, KindSpec, ListKey, RefOffer, RefUse } from '../config/kind-spec.js';

export interface FetchResult<L> {
  live: L[];
  /** True when every live object of this kind was read, not just the declared ones: only then may it prune. */
  complete: boolean;
  /** Kind-level facts read alongside (e.g. the SKU catalogue), handed back to this kind's diff as `ctx.facts`. */
  facts?: Record<string, unknown>;
  /** Facts about the whole tenant that the central policy checks the plan against (kinds never apply policy). */
  tenantFacts?: TenantFacts;
}

/** A directory object as a delta round returns it: its id and the selected properties. */
export type DirectoryEntry = { id: string } & Record<string, unknown>;

/** A group of a delta snapshot, with its members as `members@delta` listed them (id and type only). */
export type DirectoryGroup = DirectoryEntry & { members: { id: string; type: string }[] };

/**
 * Every user and group of a tenant, rebuilt by drift from its stored snapshot and the delta since (src/engine/
 * drift-state.ts). Kinds that read users, groups or members take them from here when it is set; plan and apply never
 * set it, so they read afresh.
 */
export interface LiveDirectory {
  users: ReadonlyMap<string, DirectoryEntry>;
  groups: ReadonlyMap<string, DirectoryGroup>;
}

export interface FetchContext {
  tenant: TenantConfig;
  clients: Clients;
  /** `policy.prune[kind.pruneKey]`: read everything when true. */
  prune: boolean;
  /** This tenant run's memo of shared reads (made by the engine per run): never a module-level cache. */
  session: ReadSession;
  /** Drift only: the tenant's users and groups from the delta snapshot, instead of reading them. */
  directory?: LiveDirectory;
}

export interface DiffContext {
  tenant: TenantConfig;
  /** The plan's time: diffs never read the clock, so a plan is a function of its inputs. */
  now: Date;
  prune: boolean;
  complete: boolean;
  facts: Record<string, unknown>;
  /** Who tenantform signs in as in this tenant: the reconcile cores never plan removing its own access. */
  caller?: Caller;
}

export interface DiffResult {
  changes: ProposedChange[];
  diagnostics?: Diagnostic[];
  /** Live objects not declared, when the read was complete. */
  unmanaged?: number;
}

/** Maps natural keys (`user:alice@contoso.com`, `group:finance`) to object ids during apply. */
export interface IdResolver {
  resolve(address: string): Promise<string>;
  record(address: string, id: string): void;
  /** The id when already known, without throwing; kinds that can query the service for the rest use this first. */
  lookup?(address: string): string | undefined;
}

export interface ApplyContext {
  tenant: TenantConfig;
  clients: Clients;
  ids: IdResolver;
  /** This tenant run's memo of shared reads (the SKU catalogue): one run never sees another's. */
  session: ReadSession;
  /** Secret values (initial passwords, ...) from the environment or generated; never logged. */
  secret(name: string): string;
  /** Registers a secret the kind made or found itself (a generated password) so the engine redacts it too. */
  sensitive?(value: string): void;
  /** Where secrets handed to the partner are written, encrypted (`apply --secrets-dir`). */
  secretsDir?: string;
}

export interface ApplyResult {
  /** The id of a created object, recorded under the change's address for dependants. */
  id?: string;
  message?: string;
}

/** Grants on each service, by Microsoft's names: `tenantform permissions` totals them over the declared kinds. */
export interface Grants {
  /** Graph application permissions on the customer tenant. */
  graph?: string[];
  /** Exchange Online application permissions (Office 365 Exchange Online API). */
  exchange?: string[];
  /** SharePoint application permissions (Office 365 SharePoint Online API), for its REST API on the tenant's hosts. */
  sharepoint?: string[];
  /** Azure RBAC roles on the declared subscriptions. */
  arm?: string[];
  /** Partner Center API permissions. */
  partnerCenter?: string[];
  /** Graph application permissions on the partner tenant (GDAP). */
  partnerGraph?: string[];
  /** Entra roles the GDAP relationship (and its access assignment to tenantform's group) must carry. */
  gdapRoles?: string[];
}

/**
 * What a kind needs granted (least privilege): `read` for plan, drift and export, `write` on top of it for apply
 * (apply re-reads everything it changes, so it needs both).
 */
export interface KindPermissions {
  read: Grants;
  write: Grants;
  /** Read only while the kind prunes: what its full read needs to tell its own objects from other kinds'. */
  prune?: Grants;
}

/**
 * Why the customer tenant cannot be read yet, as a partner-side kind sees it from its live state: a GDAP relationship
 * the customer has not approved, an app not consented. The engine then plans only the partner-side steps.
 */
export interface AccessBlock {
  summary: string;
  detail?: string;
  address: string;
  path?: string;
  /** The consent waits too: the consent call needs the partner user's GDAP roles in the customer. */
  defersConsent?: boolean;
}

/**
 * A resource kind: its description (the `KindSpec` fields) and its behaviour. `D` and `L` are its desired and live
 * objects; the engine hands each method only what the same kind's `select` and `fetch` produced, so the registry
 * holds kinds as `Kind` (methods are bivariant in their parameters) without casts.
 */
export interface Kind<D = unknown, L = unknown> extends KindSpec {
  kind: string;
  permissions: KindPermissions;
  /** Key under `policy.prune` that governs this kind. */
  pruneKey?: string;
  /** The declared objects of this kind in a tenant's config. */
  select(config: TenantConfig): D[];
  address(obj: D | L): string;
  /**
   * Whether this kind's scoped read of the tenant would see a live object at `address` beyond the declared ones (a
   * child of a declared parent: a license of a user whose `licenses` list is declared). Apply trusts an absence only
   * where the read covers it.
   */
  covers?(address: string, config: TenantConfig): boolean;
  fetch(ctx: FetchContext, desired: D[]): Promise<FetchResult<L>>;
  diff(desired: D[], live: L[], ctx: DiffContext): DiffResult;
  /** Checks `validate` runs offline on the merged tenant (diagnostics carry config paths); plan runs its own in diff. */
  validate?(config: TenantConfig): Diagnostic[];
  apply(change: Change, ctx: ApplyContext): Promise<ApplyResult>;
  /**
   * Reads every live object of this kind (through this kind's own fetch, so export and plan cannot drift apart) and
   * returns it as YAML that plans to no changes. Kinds without it are listed as not exported. A kind may fill more
   * than one section (its objects, and a policy setting they need to plan cleanly).
   */
  export?(ctx: FetchContext): Promise<ExportResult | ExportResult[]>;
  /**
   * Partner-side kinds only (read in the partner tenant, before the customer can be reached): what in their live
   * state keeps the customer side from being read. Declaring it marks the kind as one planned while access is pending.
   */
  accessGate?(desired: D[], live: L[]): AccessBlock[];
}

/**
 * A kind's share of an exported tenant. Several kinds may fill one section: items with the same key value (the
 * section's key field, e.g. `userPrincipalName`) are merged, in registry order, so a user's licenses join its entry.
 */
export interface ExportResult {
  /** Top-level YAML section, or a dotted path into one (`azure.subscriptions`); the first segment names the file. */
  section: string;
  /** Plain YAML values, keys in the order they should be written; natural keys only, never object ids or secrets. */
  items: Record<string, unknown>[];
  /** What was left out, and why: written as comments at the top of the section's file. */
  comments?: string[];
  /** Comments on single items, by the item's key value. */
  notes?: Record<string, string[]>;
  /** The section is one object, not a list (`partner.adminLink`): `items[0]` is written as it, when present. */
  single?: boolean;
}

/** Whether the tenant's `policy.prune` switches pruning on for this kind (by its `pruneKey`, else its name). */
export function pruneFlag(config: TenantConfig, kind: Kind): boolean {
  const prune: Record<string, boolean | undefined> = { ...config.policy?.prune };
  return prune[kind.pruneKey ?? kind.kind] === true;
}

/**
 * Whether the tenant's YAML declares anything of this kind: an object, or, for a child kind, one of its lists on a
 * parent's entry even when empty. `roles: []` states that the user holds no role, so it must be read to be removed.
 */
export function declaresAny(config: TenantConfig, kind: Kind): boolean {
  if (kind.select(config).length > 0) return true;
  if (kind.shape !== 'child') return false;
  return (kind.fields ?? []).some((f) => valuesAt(config, `${kind.section}[].${f}`).length > 0);
}
