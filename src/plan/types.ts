// The plan: plain, versioned JSON. Everything that renders or applies a plan reads only these types. They are also
// the core vocabulary (diagnostics, changes as kinds propose them, tenant facts) that config, kinds and the plan's
// policy share, so this module imports only its sibling ops.ts (which imports nothing): every layer may depend on it
// without an import climbing.
import type { ChangeOps } from './ops.js';

export type * from './ops.js';
export { opsOf, opsProblem } from './ops.js';

export const PLAN_FORMAT_VERSION = 2 as const;

export type Action = 'create' | 'update' | 'delete' | 'replace';

/** Why a change is planned. Typed so renderers and policy dispatch on a closed set, never on free text. */
export type ChangeReason =
  | 'missing'
  | 'restore'
  | 'field_changed'
  | 'members_changed'
  | 'ensure_absent'
  | 'pruned'
  | 'not_declared'
  | 'type_changed'
  | 'mailbox_not_provisioned'
  | 'not_locked'
  | 'roles_changed'
  | 'roles_changed_on_active'
  | 'replacement_approved'
  /** Members and owners of a group the plan restores: unread while it is deleted, they settle on the next plan. */
  | 'settles_after_restore'
  /** A leaver's sign-in sessions are valid from before the day it left, or it can sign in (again). */
  | 'leaver_sessions'
  /** A leaver's `deleteAfter` has come (or `state: deleted`). */
  | 'retention_ended';

export const CHANGE_REASONS: readonly ChangeReason[] = [
  'missing', 'restore', 'field_changed', 'members_changed', 'ensure_absent', 'pruned', 'not_declared', 'type_changed',
  'mailbox_not_provisioned', 'not_locked', 'roles_changed', 'roles_changed_on_active', 'replacement_approved',
  'settles_after_restore', 'leaver_sessions', 'retention_ended',
];

export type Severity = 'error' | 'warning' | 'info';

/** A diagnostic as data, never a thrown string. `file`/`line`/`column`/`path` point into the YAML when known. */
export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  address?: string;
  file?: string;
  line?: number;
  column?: number;
  path?: string;
}

export interface FieldChange {
  /** Dotted path inside the object, e.g. `jobTitle`, `licenses.SPE_E3.disabledPlans`, `members`. */
  path: string;
  before?: unknown;
  after?: unknown;
  /** For list-valued fields the plan may carry the delta explicitly. */
  added?: unknown[];
  removed?: unknown[];
  sensitive?: boolean;
}

/**
 * What a seat change costs under Microsoft's new-commerce rules: an increase is billed, prorated, for the rest of the
 * term; a decrease is allowed only within the cancellation window after purchase or renewal (new-commerce
 * cancellation policy, https://learn.microsoft.com/en-us/partner-center/customers/new-commerce-cancellation-policy).
 * Term, cycle and dates are the subscription's as Partner Center reports them; absent for a subscription not yet bought.
 */
export interface SeatBilling {
  /** Seats added (positive) or removed (negative). */
  delta: number;
  /** True for every increase: a commitment billed for the rest of the term. */
  billable: boolean;
  /** ISO 8601: P1M, P1Y or P3Y. */
  termDuration?: string;
  /** monthly, annual or triennial. */
  billingCycle?: string;
  /** Last day of the current term (inclusive). */
  commitmentEndDate?: string;
  /** For a decrease: until when Partner Center allows it. */
  cancellationAllowedUntilDate?: string;
}

export interface Change {
  /** `<tenant>/<n>`, unique within a plan. */
  id: string;
  kind: string;
  address: string;
  action: Action;
  fields: FieldChange[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /**
   * sha256 of the live object as read at plan time. A create carries the fingerprint of the read that found nothing
   * (`ABSENT_FINGERPRINT`); null never occurs in a plan this version writes, and apply refuses a change without one.
   */
  liveFingerprint: string | null;
  /** Ids of changes in the same tenant plan that must complete first. */
  dependsOn: string[];
  destructive: boolean;
  reason: ChangeReason;
  /** What apply sends, computed at plan time by the kind (absent where the kind sends its planned fields as they are). */
  ops?: ChangeOps;
  /** Seat changes only: what the change commits the partner to, or until when it is allowed. */
  billing?: SeatBilling;
}

/** A change as a kind proposes it; the engine assigns ids, fingerprints and resolves dependencies. */
export interface ProposedChange {
  kind: string;
  address: string;
  action: Change['action'];
  fields: Change['fields'];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  destructive?: boolean;
  reason: ChangeReason;
  /** What apply will send, computed here so that apply decides nothing. */
  ops?: ChangeOps;
  /** Addresses (any kind) that must be created or changed first when they are part of the same plan. */
  dependsOn?: string[];
  billing?: SeatBilling;
}

/** A user holding Global Administrator at directory scope. */
export interface GlobalAdminHolder {
  assignmentId: string;
  /** Lower case. */
  userPrincipalName: string;
  enabled: boolean;
}

export interface TenantFacts {
  /** Every holder of the role, declared or not; absent when the tenant's role assignments were not read. */
  globalAdmins?: GlobalAdminHolder[];
}

export interface IgnoredDrift {
  address: string;
  fields: string[];
  reason: string;
  expires?: string;
}

/**
 * `pending_access`: the customer side cannot be read yet (GDAP not approved, app not consented); the plan holds only
 * the partner-side steps and names what is deferred.
 */
export type TenantStatus = 'in_sync' | 'changes' | 'error' | 'pending_access';

/** One live holder of a privileged role that the YAML does not declare. */
export interface PrivilegedHolder {
  /** The role's display name: an Entra role the catalogue marks privileged, or Azure Owner / User Access Administrator. */
  role: string;
  /** `user:<upn>`, `group:<mailNickname>`, `servicePrincipal:<appId>`, or `id:<objectId>` when it cannot be named. */
  principal: string;
  /** `directory` for an Entra role at tenant scope; else the administrative unit or Azure scope. */
  scope: string;
}

/** One undeclared live object, by its address (drift only). */
export interface InventoryObject {
  address: string;
  displayName?: string;
  /** The object holds a privileged role (listed above): drift lists it first. */
  privileged?: true;
}

/**
 * What lives in the tenant that the YAML does not declare, read whatever `policy.prune` says. Covered by the digest:
 * it is part of what the reviewer saw. Apply neither reads nor compares it: it plans nothing.
 */
export interface Inventory {
  /** Undeclared holders of privileged roles, by name, sorted by role then principal. */
  privileged: PrivilegedHolder[];
  /**
   * Per collection (`users`, `groups`): live objects (Graph's `$count`) minus the declared objects tenantform's
   * read found live. null: the count could not be read (unknown, never 0).
   */
  counts: Record<string, number | null>;
  /** Drift only (a full read): every undeclared object per collection, privileged ones first. */
  objects?: Record<string, InventoryObject[]>;
  /** What could not be read, in words: that part of the inventory is unknown. */
  unknown?: string[];
}

export interface TenantPlan {
  name: string;
  tenantId: string;
  /** The rollout ring the tenant declares (`tenant.ring`); absent when it declares none (ring broad). */
  ring?: string;
  status: TenantStatus;
  changes: Change[];
  /** Live objects of a fully read kind that the YAML does not declare, per kind. */
  unmanaged: Record<string, number>;
  /** Undeclared live objects whatever prune says; absent when the tenant was not read (errored) or for apply. */
  inventory?: Inventory;
  ignored: IgnoredDrift[];
  diagnostics: Diagnostic[];
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  replace: number;
  tenants: number;
  errored: number;
}

/**
 * Which part of a run a shard's plan or drift report is: shard `index` of `total`, over an estate of `estate` tenants,
 * holding `tenants`. `report merge` checks these so that a missing or repeated shard is refused, never half an estate.
 */
export interface ShardRecord {
  index: number;
  total: number;
  /** Tenants selected before splitting into shards. */
  estate: number;
  /** Names of the tenants in this shard, sorted. */
  tenants: string[];
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  source: { commit: string | null; dirty: boolean };
  /** Present on the plan of one shard; a whole plan (unsharded or merged) has none. */
  shard?: ShardRecord;
  /**
   * Present on a targeted plan (`--target`): it holds only changes whose address matches one of these, plus the
   * changes they depend on. Apply narrows its re-derivation with the same targets before comparing.
   */
  targets?: string[];
  tenants: TenantPlan[];
  summary: PlanSummary;
  /** `sha256:<hex>` of the canonical JSON of the plan without `digest` and `signature` (see plan/digest.ts). */
  digest: string;
  /** `hmac-sha256:<hex>` of the digest with TENANTFORM_PLAN_KEY, when the planning job holds that key. */
  signature?: string;
}

/** A plan before it is sealed with its digest. */
export type UnsealedPlan = Omit<Plan, 'digest' | 'signature'>;
