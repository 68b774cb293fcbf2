// What the text and markdown renderings share: counts, symbols and how a field change reads.
import type { Action, Change, ChangeReason, FieldChange, Plan, TenantPlan } from '../types.js';

export const SYMBOL: Record<Action, string> = { create: '+', update: '~', delete: '-', replace: '-/+' };

export const VERB: Record<Action, string> = {
  create: 'will be created',
  update: 'will be updated in place',
  delete: 'will be destroyed',
  replace: 'must be replaced',
};

export interface Counts {
  add: number;
  change: number;
  destroy: number;
}

/** Terraform's arithmetic: a replace is one add and one destroy. */
export function countChanges(changes: readonly Change[]): Counts {
  const counts = { add: 0, change: 0, destroy: 0 };
  for (const c of changes) {
    if (c.action === 'create' || c.action === 'replace') counts.add++;
    if (c.action === 'update') counts.change++;
    if (c.action === 'delete' || c.action === 'replace') counts.destroy++;
  }
  return counts;
}

export function countPlan(plan: Plan): Counts {
  const total = { add: 0, change: 0, destroy: 0 };
  for (const t of plan.tenants) {
    const c = countChanges(t.changes);
    total.add += c.add;
    total.change += c.change;
    total.destroy += c.destroy;
  }
  return total;
}

/**
 * The line by which a reviewer and the apply job know they hold the same plan; undefined for a plan not yet sealed.
 * `digest` is passed where the rendering sets it apart (markdown puts it in code).
 */
export function digestLine(plan: Plan, digest: (d: string) => string = (d) => d): string | undefined {
  if (!plan.digest) return undefined;
  return `Plan digest: ${digest(plan.digest)}${plan.signature ? ' (signed)' : ''}`;
}

/** One string from a rendering's chunks, for callers that want the whole text at once. */
export function joinChunks(chunks: Iterable<string>): string {
  const parts: string[] = [];
  for (const c of chunks) parts.push(c);
  return parts.join('');
}

export function countsLine({ add, change, destroy }: Counts): string {
  return `${add} to add, ${change} to change, ${destroy} to destroy`;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value) ?? String(value);
}

export type Sign = '+' | '-' | '~';

export interface FieldLine {
  sign: Sign;
  /** 0 for the field itself, 1 for list members under it. */
  depth: 0 | 1;
  text: string;
}

/** The lines of one field change; sensitive values never leave as anything but `(sensitive)`. */
export function fieldLines(f: FieldChange, action: Action): FieldLine[] {
  if (f.sensitive) return [{ sign: action === 'create' ? '+' : action === 'delete' ? '-' : '~', depth: 0, text: `${f.path}: (sensitive)` }];
  if (f.added || f.removed) {
    const members: FieldLine[] = [
      ...(f.added ?? []).map((v): FieldLine => ({ sign: '+', depth: 1, text: formatValue(v) })),
      ...(f.removed ?? []).map((v): FieldLine => ({ sign: '-', depth: 1, text: formatValue(v) })),
    ];
    return [{ sign: '~', depth: 0, text: `${f.path}:` }, ...members];
  }
  if (action === 'create' || f.before === undefined) return [{ sign: '+', depth: 0, text: `${f.path}: ${formatValue(f.after)}` }];
  if (action === 'delete' || f.after === undefined) return [{ sign: '-', depth: 0, text: `${f.path}: ${formatValue(f.before)}` }];
  return [{ sign: '~', depth: 0, text: `${f.path}: ${formatValue(f.before)} -> ${formatValue(f.after)}` }];
}

/** Field lines of a change; a create without explicit fields shows its `after` object. */
export function changeLines(change: Change): FieldLine[] {
  if (change.fields.length === 0 && change.action === 'create' && change.after) {
    return Object.keys(change.after)
      .sort()
      .map((key) => ({ sign: '+', depth: 0, text: `${key}: ${formatValue(change.after?.[key])}` }));
  }
  return [...change.fields.flatMap((f) => fieldLines(f, change.action)), ...replaceSteps(change)];
}

const STEP: Record<string, string> = {
  delete: 'Delete the live object',
  purge: 'Purge it from deleted items (permanent: no restore)',
  create: 'Create the declared object anew',
};

/** A replace that carries its steps in its ops (a group's `replaceGroup`) shows them in order. */
function replaceSteps(change: Change): FieldLine[] {
  if (change.action !== 'replace' || change.ops?.op !== 'replaceGroup') return [];
  return change.ops.steps.map((step, i) => ({ sign: '~' as const, depth: 0 as const, text: `step ${i + 1}: ${STEP[step] ?? step}` }));
}

/** A reason code as reviewers read it: `members_changed` is "members changed". */
export function reasonText(reason: ChangeReason): string {
  return reason.replace(/_/g, ' ');
}

export function changeComment(change: Change): string {
  const after = change.dependsOn.length > 0 ? `, after ${change.dependsOn.join(', ')}` : '';
  return `# ${change.address} ${VERB[change.action]} (${change.id}, ${reasonText(change.reason)}${after})`;
}

export function position(d: { file?: string; line?: number; column?: number }): string | undefined {
  if (!d.file) return undefined;
  return d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
}

export function unmanagedLine(t: TenantPlan): string | undefined {
  const parts = Object.keys(t.unmanaged)
    .sort()
    .map((kind) => `${t.unmanaged[kind]} ${kind}`);
  return parts.length > 0 ? `Unmanaged (not in YAML, left alone): ${parts.join(', ')}` : undefined;
}

export function ignoredLine(i: { address: string; fields: string[]; reason: string; expires?: string }): string {
  return `${i.address}: ${i.fields.join(', ')} — ${i.reason}${i.expires ? ` (until ${i.expires})` : ''}`;
}

/** The ring a tenant rolls out in, when the plan uses rings at all (some tenant declares one); else undefined. */
export function ringLabel(plan: Plan, t: TenantPlan): string | undefined {
  return plan.tenants.some((x) => x.ring !== undefined) ? (t.ring ?? 'broad') : undefined;
}
