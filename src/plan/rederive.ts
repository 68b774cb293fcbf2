// Apply's one rule: a saved plan is executed only where planning now, from the checkout's YAML, today's policy and a
// fresh read, produces the same changes. It covers edited, outlived and reverted plans and flipped statuses alike.
// Pure: the engine derives the plan and hands both plans and the fresh read in.
import { ABSENT_FINGERPRINT } from './digest.js';
import { canonicalJson, fingerprint } from './fingerprint.js';
import type { Change, FieldChange, TenantPlan } from './types.js';

/** The fresh read the derived plan was made from. */
export interface FreshRead {
  live: ReadonlyMap<string, unknown>;
  /** True when the read would have found a live object at this address (declared, or its kind read completely). */
  covered(kind: string, address: string): boolean;
}

export type Rederived =
  | { ok: true; pending: Change[]; done: Change[] }
  | { ok: false; refusal: string };

const keyOf = (c: Change): string => `${c.kind}\u0000${c.address}`;
const describe = (c: Change): string => `${c.action} ${c.address}`;
const RERUN = 're-run plan and review the new plan';

function normalField(f: FieldChange): Record<string, unknown> {
  const sorted = (xs?: unknown[]) => xs && [...xs].map((x) => canonicalJson(x)).sort();
  return { path: f.path, before: f.before, after: f.after, added: sorted(f.added), removed: sorted(f.removed), sensitive: f.sensitive };
}

/** Everything apply can act on, and nothing about ids, order, diagnostics or when the read happened. */
function content(c: Change): string {
  const fields = [...c.fields].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(normalField);
  return canonicalJson({
    kind: c.kind, address: c.address, action: c.action, reason: c.reason, destructive: c.destructive,
    fields, before: c.before, after: c.after, ops: c.ops,
  });
}

/** Names the first thing that differs between a saved change and the one planning now gives for the same object. */
function difference(saved: Change, now: Change | undefined): string {
  if (!now) return `the saved plan would ${describe(saved)}, but planning now gives no such change`;
  if (saved.action !== now.action) return `the saved plan would ${describe(saved)}, planning now would ${now.action} it`;
  if (saved.reason !== now.reason) return `${describe(saved)}: the saved plan's reason is ${saved.reason}, planning now gives ${now.reason}`;
  const nowFields = new Map(now.fields.map((f) => [f.path, canonicalJson(normalField(f))]));
  const field = saved.fields.find((f) => nowFields.get(f.path) !== canonicalJson(normalField(f)));
  if (field) return `${describe(saved)}: field ${field.path} differs from what planning now gives`;
  const extra = now.fields.find((f) => !saved.fields.some((s) => s.path === f.path));
  if (extra) return `${describe(saved)}: planning now also changes field ${extra.path}`;
  return `${describe(saved)}: its desired object or operations differ from what planning now gives`;
}

export function rederive(saved: TenantPlan, derived: TenantPlan, read: FreshRead): Rederived {
  const refuse = (why: string): Rederived => ({ ok: false, refusal: `${why}; ${RERUN}` });
  if (derived.status === 'error') {
    const first = derived.diagnostics.find((d) => d.severity === 'error');
    return { ok: false, refusal: `planning ${saved.name} now fails${first ? `: ${first.summary}` : ''}; nothing was applied` };
  }
  const candidates = new Map<string, Change[]>();
  for (const d of derived.changes) candidates.set(keyOf(d), [...(candidates.get(keyOf(d)) ?? []), d]);
  const matched = new Map<Change, Change>();
  const done: Change[] = [];
  for (const s of saved.changes) {
    if (typeof s.liveFingerprint !== 'string') return refuse(`${describe(s)} carries no fingerprint of the live object it was planned against`);
    const obj = read.live.get(s.address);
    const now = obj === undefined ? ABSENT_FINGERPRINT : fingerprint(obj);
    const same = candidates.get(keyOf(s)) ?? [];
    if (now !== s.liveFingerprint) {
      if (same.length > 0) return refuse(`plan is stale: ${s.address} changed since the plan was made`);
      // Planning now gives nothing for an object whose read changed: the saved change is live, if the read saw it.
      if (read.covered(s.kind, s.address)) {
        done.push(s);
        continue;
      }
    }
    const twin = same.find((d) => !matched.has(d) && content(d) === content(s));
    if (!twin) return refuse(`the saved plan differs from what planning now gives: ${difference(s, same[0])}`);
    matched.set(twin, s);
  }
  const extra = derived.changes.find((d) => !matched.has(d));
  if (extra) return refuse(`the saved plan differs from what planning now gives: planning now would also ${describe(extra)}, which the saved plan does not hold`);
  return { ok: true, pending: withSavedIds(derived.changes, matched), done };
}

/** The changes planning now gives, under the saved plan's ids so the apply log matches the reviewed plan. */
function withSavedIds(changes: Change[], matched: ReadonlyMap<Change, Change>): Change[] {
  const idOf = new Map(changes.map((d) => [d.id, (matched.get(d) as Change).id]));
  return changes.map((d) => ({
    ...d,
    id: idOf.get(d.id) as string,
    dependsOn: d.dependsOn.flatMap((dep) => (idOf.has(dep) ? [idOf.get(dep) as string] : [])),
  }));
}
