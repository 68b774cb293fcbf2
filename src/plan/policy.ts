// Tenant policy applied centrally to what kinds propose: accepted drift (ignore), protected objects, prune gating,
// then the guardrails (last Global Administrator, ownerless groups, delete and removal budgets). Kinds never see
// policy, so every kind gets the same safety rules.
import type { Policy, IgnoreRule, TenantConfig } from '../config/model.js';
import type { Diagnostic, IgnoredDrift, ProposedChange, TenantFacts } from './types.js';
import { globMatch } from './glob.js';
import { budgets, destroys, lastGlobalAdmin, ownerlessGroups } from './guardrails.js';

export interface KindReadState {
  complete: boolean;
  prune: boolean;
}

export interface PolicyInput {
  changes: ProposedChange[];
  policy: Policy | undefined;
  /** Per kind name: whether its read was complete and prune is on. */
  reads: Record<string, KindReadState>;
  now: Date;
  /** The tenant's config, so that refusals can point at the YAML that caused them. */
  tenant?: TenantConfig;
  /** What the kinds read about the whole tenant (e.g. its Global Administrators). */
  facts?: TenantFacts;
}

export interface PolicyOutcome {
  changes: ProposedChange[];
  ignored: IgnoredDrift[];
  diagnostics: Diagnostic[];
  /** Set when a guardrail refuses the plan (the first refusal; all are in `diagnostics`): no change is kept. */
  refusal?: Diagnostic;
}

/** An ignore rule is valid through the whole day of its `expires` date (UTC). */
export function isExpired(rule: IgnoreRule, now: Date): boolean {
  if (!rule.expires) return false;
  const end = Date.parse(`${rule.expires.slice(0, 10)}T23:59:59.999Z`);
  return !Number.isNaN(end) && end < now.getTime();
}

function fieldMatches(ruleField: string, path: string): boolean {
  return path === ruleField || path.startsWith(ruleField + '.');
}

/** Ignore rules filter field changes of updates only: a missing or unwanted object is never "accepted drift". */
function applyIgnore(changes: ProposedChange[], rules: IgnoreRule[], ignored: IgnoredDrift[]): ProposedChange[] {
  const out: ProposedChange[] = [];
  for (const change of changes) {
    const rule = change.action === 'update' ? rules.find((r) => globMatch(r.address, change.address, true)) : undefined;
    if (!rule) {
      out.push(change);
      continue;
    }
    const hit = change.fields.filter((f) => !rule.fields || rule.fields.some((rf) => fieldMatches(rf, f.path)));
    if (hit.length === 0) {
      out.push(change);
      continue;
    }
    ignored.push({
      address: change.address,
      fields: hit.map((f) => f.path),
      reason: rule.reason,
      ...(rule.expires ? { expires: rule.expires } : {}),
    });
    const kept = change.fields.filter((f) => !hit.includes(f));
    if (kept.length > 0) out.push({ ...change, fields: kept });
  }
  return out;
}

/** `user:x@y` matches exactly; a bare key matches any address ending in `:<key>`. Case-insensitive, like UPNs. */
export function isProtected(address: string, entries: string[]): boolean {
  const a = address.toLowerCase();
  return entries.some((entry) => {
    const e = entry.toLowerCase();
    return a === e || a.endsWith(':' + e);
  });
}

export function applyPolicy(input: PolicyInput): PolicyOutcome {
  const { policy, now } = input;
  const diagnostics: Diagnostic[] = [];
  const ignored: IgnoredDrift[] = [];
  const rules: IgnoreRule[] = [];
  for (const rule of policy?.ignore ?? []) {
    if (!isExpired(rule, now)) {
      rules.push(rule);
      continue;
    }
    diagnostics.push({
      severity: 'warning',
      summary: `ignore rule for ${rule.address} expired on ${rule.expires}; its drift is planned again`,
      detail: `reason was: ${rule.reason}`,
      address: rule.address,
    });
  }
  let changes = applyIgnore(input.changes, rules, ignored);

  const protectedEntries = policy?.protected ?? [];
  changes = changes.filter((c) => {
    if (!destroys(c) || !isProtected(c.address, protectedEntries)) return true;
    diagnostics.push({
      severity: 'warning',
      summary: `${c.address} is protected; the planned ${c.action} was dropped`,
      detail: `reason: ${c.reason}`,
      address: c.address,
    });
    return false;
  });

  changes = changes.filter((c) => {
    if (c.action !== 'delete' || c.reason !== 'pruned') return true;
    const read = input.reads[c.kind];
    if (read?.complete && read.prune) return true;
    diagnostics.push({
      severity: 'warning',
      summary: `${c.address}: prune delete dropped (${read?.prune ? 'the read was not complete' : 'prune is off'})`,
      address: c.address,
    });
    return false;
  });

  const refusals = [
    ...lastGlobalAdmin(changes, input.facts ?? {}, input.tenant),
    ...ownerlessGroups(changes, input.tenant),
    ...budgets(changes, policy),
  ];
  if (refusals.length > 0) return { changes: [], ignored, diagnostics: [...diagnostics, ...refusals], refusal: refusals[0] };
  return { changes, ignored, diagnostics };
}
