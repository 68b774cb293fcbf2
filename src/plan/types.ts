// The plan: plain, versioned JSON. Everything that renders or applies a plan reads only these types.

export const PLAN_FORMAT_VERSION = 1 as const;

export type Action = 'create' | 'update' | 'delete' | 'replace';

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

export interface Change {
  /** `<tenant>/<n>`, unique within a plan. */
  id: string;
  kind: string;
  address: string;
  action: Action;
  fields: FieldChange[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** sha256 of the live object as read at plan time; null when the object did not exist. */
  liveFingerprint: string | null;
  /** Ids of changes in the same tenant plan that must complete first. */
  dependsOn: string[];
  destructive: boolean;
  /** Machine-readable why: field_changed, missing, ensure_absent, pruned, restore, type_changed, ... */
  reason: string;
}

export interface IgnoredDrift {
  address: string;
  fields: string[];
  reason: string;
  expires?: string;
}

export type TenantStatus = 'in_sync' | 'changes' | 'error';

export interface TenantPlan {
  name: string;
  tenantId: string;
  status: TenantStatus;
  changes: Change[];
  /** Live objects of a fully read kind that the YAML does not declare, per kind. */
  unmanaged: Record<string, number>;
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

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  source: { commit: string | null; dirty: boolean };
  tenants: TenantPlan[];
  summary: PlanSummary;
}
