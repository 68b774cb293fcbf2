// The drift report: what a scheduled run found, per tenant, in a versioned JSON shape that md/html render and that
// `report merge` combines across shards.
import type { TenantLinks } from '../kinds/azure/tenant-links.js';
import type { Action, Diagnostic, IgnoredDrift, Inventory, ShardRecord } from '../plan/types.js';

export const DRIFT_REPORT_VERSION = 1 as const;

/** Who changed a drifted object and when, from the directory audit log (or a kind's own facts) when available. */
export interface DriftFacts {
  actor?: string;
  time?: string;
  /** What the audit log calls the operation, e.g. "Update user". */
  activity?: string;
  /** The last change was tenantform's own (its apps' ids): the YAML has moved on since, not the tenant. */
  byTenantform?: boolean;
}

/**
 * Kept apart as Terraform keeps them: `pending` is declared in git and not yet applied (an object still to create,
 * or one whose last change was tenantform's own apply); `out_of_band` was changed in the tenant by someone else (the
 * audit log names them, or an undeclared object appeared); unknown when neither can be told.
 */
export type DriftOrigin = 'pending' | 'out_of_band';

/** Where a drifted object is declared in the YAML: a file relative to the working directory, and a line. */
export interface SourceRef {
  file: string;
  line: number;
}

export type DriftStatus = 'in_sync' | 'drifted' | 'errored' | 'unlinked';

export interface DriftField {
  path: string;
  desired?: unknown;
  live?: unknown;
  added?: unknown[];
  removed?: unknown[];
  sensitive?: boolean;
}

export interface DriftObject {
  kind: string;
  address: string;
  /** What apply would do to remove the drift. */
  action: Action;
  /** missing: declared but absent live; unwanted: live but declared absent or pruned; changed: fields differ. */
  drift: 'missing' | 'unwanted' | 'changed';
  fields: DriftField[];
  facts?: DriftFacts;
  /** Its declaration in the YAML (for a pruned object, the prune setting), when the tenant was loaded from files. */
  source?: SourceRef;
  origin?: DriftOrigin;
}

export interface DriftTenant {
  name: string;
  tenantId: string;
  status: DriftStatus;
  /** Drifted objects per kind. */
  counts: Record<string, number>;
  objects: DriftObject[];
  accepted: IgnoredDrift[];
  unmanaged: Record<string, number>;
  /** What lives in the tenant undeclared, every object by name (drift reads in full); absent when not read. */
  inventory?: Inventory;
  diagnostics: Diagnostic[];
}

export interface DriftReport {
  reportVersion: typeof DRIFT_REPORT_VERSION;
  type: 'drift';
  createdAt: string;
  source: { commit: string | null; dirty: boolean };
  /** Present on the report of one shard; a whole report (unsharded or merged) has none. */
  shard?: ShardRecord;
  /**
   * On the first shard only: the tenant links read over the whole estate, applied to the tenants when the shards are
   * merged (a shard cannot apply them: most customers' folders are in other shards).
   */
  links?: TenantLinks;
  tenants: DriftTenant[];
  summary: Record<DriftStatus, number> & { tenants: number; objects: number };
}

/** Audit facts per tenant name, then per object address. */
export type FactsByTenant = Record<string, Record<string, DriftFacts>>;

/** YAML positions per tenant name, then per object address. */
export type SourcesByTenant = Record<string, Record<string, SourceRef>>;
