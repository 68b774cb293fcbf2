// The pull-request rendering: what a reviewer must see first (destructive changes, errors) on top, a summary table,
// then one collapsible section per tenant. GitHub caps a comment at 65,536 characters, so long plans are cut at whole
// sections with a pointer to the full plan artifact.
import { entraRoleById } from '../../catalog/entra-roles.js';
import { INVENTORY_TITLE, inventoryLines, inventoryNotable } from './inventory.js';
import type { Change, Diagnostic, FieldChange, Plan, TenantPlan } from '../types.js';
import { targetWarning } from '../target.js';
import {
  changeComment, changeLines, countChanges, countPlan, countsLine, digestLine, fieldLines, ignoredLine, joinChunks, position, reasonText, ringLabel, SYMBOL,
  type FieldLine,
} from './common.js';
import { billableNote, billingLine } from './seats.js';

export interface MarkdownOptions {
  /** Maximum length of the whole document; sections that do not fit are left out. */
  maxLength?: number;
  /** Where the full plan can be found when the rendering is cut (an artifact link or a file name). */
  fullPlan?: string;
  /** An HTML comment placed first, by which CI finds its own sticky comment. */
  marker?: string;
}

export const DEFAULT_MARKDOWN_MAX = 60_000;

const STATUS: Record<TenantPlan['status'], string> = { in_sync: '✅ in sync', changes: '📝 changes', error: '❌ error', pending_access: '⏳ pending access' };

export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function escapeInline(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string);
}

/** The longest run of backticks in `text`, without building a list of the runs. */
function longestTicks(text: string, atLeast: number): number {
  let longest = atLeast;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

interface AccessEntry {
  group?: string;
  groupId: string;
  roles: string[];
}

function accessEntries(value: unknown): AccessEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter((a): a is AccessEntry => typeof a === 'object' && a !== null && typeof (a as AccessEntry).groupId === 'string');
}

/** Role template ids as the names reviewers know ("Helpdesk Administrator"); an id not in the catalogue as it is. */
const roleNames = (ids: unknown): string => `[${(Array.isArray(ids) ? ids : []).map((id) => entraRoleById(String(id))?.displayName ?? String(id)).join(', ')}]`;

/** An access group by its name in the partner tenant; a live assignment knows only the group's id. */
const groupLabel = (a: AccessEntry): string => JSON.stringify(a.group ?? a.groupId);

const sameRoles = (a: AccessEntry, b: AccessEntry): boolean => [...a.roles].sort().join() === [...b.roles].sort().join();

/**
 * GDAP access as one line per access group with its roles: added, changed (roles before -> after) and removed.
 * With `f` undefined, the access a new relationship (create, or the successor of a replace) is given. Undefined when
 * there is no access to show this way, so the field renders as any other.
 */
function gdapAccessLines(f: FieldChange | undefined, change: Change): FieldLine[] | undefined {
  if (!f) {
    const access = change.action === 'create' || change.action === 'replace' ? accessEntries(change.after?.access) : [];
    if (access.length === 0) return undefined;
    return [{ sign: '+', depth: 0, text: 'access:' }, ...access.map((a): FieldLine => ({ sign: '+', depth: 1, text: `${groupLabel(a)}: ${roleNames(a.roles)}` }))];
  }
  if (f.path !== 'access' || f.sensitive) return undefined;
  const before = accessEntries(f.before);
  const after = accessEntries(f.after);
  const lines: FieldLine[] = [{ sign: '~', depth: 0, text: 'access:' }];
  for (const a of after) {
    const b = before.find((x) => x.groupId === a.groupId);
    if (!b) lines.push({ sign: '+', depth: 1, text: `${groupLabel(a)}: ${roleNames(a.roles)}` });
    else if (!sameRoles(a, b)) lines.push({ sign: '~', depth: 1, text: `${groupLabel(a)}: ${roleNames(b.roles)} -> ${roleNames(a.roles)}` });
  }
  for (const b of before) if (!after.some((a) => a.groupId === b.groupId)) lines.push({ sign: '-', depth: 1, text: `${groupLabel(b)}: ${roleNames(b.roles)}` });
  return lines.length > 1 ? lines : undefined;
}

/** A change's field lines; GDAP access shows each access group with its roles, which review is about. */
function reviewLines(change: Change): FieldLine[] {
  if (change.kind !== 'gdap') return changeLines(change);
  return [...change.fields.flatMap((f) => gdapAccessLines(f, change) ?? fieldLines(f, change.action)), ...(gdapAccessLines(undefined, change) ?? [])];
}

/** Lines in `diff` syntax: GitHub colours `+` green, `-` red and `!` orange. */
function* diffLines(change: Change): Generator<string> {
  const head = SYMBOL[change.action] === '~' ? '!' : SYMBOL[change.action] === '-/+' ? '-' : SYMBOL[change.action];
  yield changeComment(change);
  yield `${head} ${SYMBOL[change.action] === '-/+' ? '-/+ ' : ''}${change.address}`;
  for (const line of reviewLines(change)) {
    const sign = line.sign === '~' ? '!' : line.sign;
    yield `${sign}${line.depth === 0 ? '     ' : '         '}${line.text}`;
  }
  const billing = billingLine(change);
  if (billing) yield `!     ${billing}`;
}

function* changeBlock(changes: readonly Change[]): Generator<string> {
  for (const c of changes) {
    yield* diffLines(c);
    yield '';
  }
}

/**
 * The changes as a `diff` block whose fence is longer than any backtick run inside, so values cannot close it; or
 * undefined as soon as the block would pass `budget` characters, so a tenant of 100,000 changes costs no more than
 * the part of it that could be shown.
 */
function fencedChanges(changes: readonly Change[], budget: number): string[] | undefined {
  let longest = 2;
  let size = 0;
  for (const line of changeBlock(changes)) {
    longest = longestTicks(line, longest);
    size += line.length + 1;
    if (size > budget) return undefined;
  }
  const fence = '`'.repeat(longest + 1);
  const out = [fence + 'diff'];
  for (const line of changeBlock(changes)) out.push(line);
  out.push(fence);
  return out;
}

function diagnosticItem(d: Diagnostic): string {
  const where = [position(d), d.address].filter(Boolean).map((w) => `\`${w}\``);
  const icon = d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️';
  const detail = d.detail ? ` — ${escapeInline(d.detail)}` : '';
  return `- ${icon} **${escapeInline(d.summary)}**${where.length ? ` (${where.join(', ')})` : ''}${detail}`;
}

/** One tenant's collapsible section, or undefined when it is longer than `budget`. */
function tenantSection(t: TenantPlan, budget: number): string | undefined {
  const counts = countChanges(t.changes);
  const title = t.status === 'error' ? 'errored' : t.changes.length === 0 ? 'no changes' : countsLine(counts);
  const body: string[] = [];
  if (t.diagnostics.length > 0) {
    body.push('**Diagnostics**', '');
    for (const d of t.diagnostics) body.push(diagnosticItem(d));
    body.push('');
  }
  if (t.changes.length > 0) {
    const block = fencedChanges(t.changes, budget);
    if (!block) return undefined;
    for (const line of block) body.push(line);
    body.push('');
  }
  const unmanaged = Object.keys(t.unmanaged).sort();
  if (unmanaged.length > 0) body.push(`Unmanaged (not in YAML, left alone): ${unmanaged.map((k) => `${t.unmanaged[k]} ${k}`).join(', ')}`, '');
  if (t.inventory) body.push(`**${INVENTORY_TITLE}**`, '', ...inventoryLines(t.inventory).map((l) => `- ${escapeInline(l)}`), '');
  if (t.ignored.length > 0) {
    body.push('**Ignored drift**', '');
    for (const i of t.ignored) body.push(`- ${escapeInline(ignoredLine(i))}`);
    body.push('');
  }
  const open = t.status === 'error' ? ' open' : '';
  const text = [`<details${open}><summary><b>${escapeInline(t.name)}</b> — ${title}</summary>`, '', ...body, '</details>', ''].join('\n');
  return text.length > budget ? undefined : text;
}

/**
 * Lines up to `budget` characters, then one line saying how many were left out: the head of a comment must leave
 * room for the sections even when thousands of changes are destructive or thousands of tenants are planned.
 */
function capped(lines: Iterable<string>, total: number, budget: number, more: (n: number) => string): string[] {
  const out: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > budget) return [...out, more(total - out.length)];
    out.push(line);
    size += line.length + 1;
  }
  return out;
}

function* destructiveItems(plan: Plan): Generator<string> {
  for (const t of plan.tenants) {
    for (const c of t.changes) if (isDestructive(c)) yield `> - \`${escapeCell(t.name)}\`: **${c.action}** \`${c.address}\` (${reasonText(c.reason)})`;
  }
}

const isDestructive = (c: Change): boolean => c.destructive || c.action === 'delete' || c.action === 'replace';

function destructiveList(plan: Plan, budget: number): string[] {
  let count = 0;
  for (const t of plan.tenants) for (const c of t.changes) if (isDestructive(c)) count++;
  if (count === 0) return [];
  const items = capped(destructiveItems(plan), count, budget, (n) => `> - … and ${n} more; see the full plan`);
  return ['> [!CAUTION]', `> **${count} destructive change${count === 1 ? '' : 's'}** — review these first:`, ...items, ''];
}

function* summaryRows(plan: Plan): Generator<string> {
  for (const t of plan.tenants) {
    const c = countChanges(t.changes);
    const unmanaged = Object.values(t.unmanaged).reduce((a, b) => a + b, 0);
    const errors = t.diagnostics.filter((d) => d.severity === 'error').length;
    const ring = ringLabel(plan, t);
    yield `| ${escapeCell(t.name)}${ring ? ` (ring ${ring})` : ''} | ${STATUS[t.status]} | ${c.add} | ${c.change} | ${c.destroy} | ${unmanaged} | ${errors} |`;
  }
}

function summaryTable(plan: Plan, budget: number): string[] {
  const rows = capped(summaryRows(plan), plan.tenants.length, budget, (n) => `| … and ${n} more tenants | | | | | | |`);
  return ['| Tenant | Status | Add | Change | Destroy | Unmanaged | Errors |', '|---|---|---:|---:|---:|---:|---:|', ...rows, ''];
}

/**
 * What happens after review. The apply workflow applies the reviewed artifact, re-derived against the merged YAML, so
 * a change merged meanwhile or a live tenant that moved is refused there rather than applied unreviewed.
 */
function howToApply(plan: Plan): string[] {
  const c = countPlan(plan);
  if (c.add + c.change + c.destroy === 0) return [];
  return [
    '**How to apply**: merge this pull request — the `apply` workflow applies this very plan (the artifact with the digest below) behind the `production` environment, refusing any tenant where planning the merged YAML would now give other changes. ' +
      'Or locally, with the `plan.json` of this run: `tenantform apply plan.json` (it refuses a tenant whose live state moved since).',
    '',
  ];
}

function markdownHead(plan: Plan, opts: MarkdownOptions, max: number): string {
  const { tenants, errored } = plan.summary;
  const digest = digestLine(plan, (d) => `\`${d}\``);
  if (tenants === 0) {
    // A pull request that touches no tenant's files or baselines: there is nothing to plan, which is worth a sentence.
    return [...(opts.marker ? [`<!-- ${opts.marker} -->`] : []), '## tenantform plan', '', 'No tenant changed in this pull request: nothing to plan or apply.', ''].join('\n');
  }
  return [
    ...(opts.marker ? [`<!-- ${opts.marker} -->`] : []),
    '## tenantform plan',
    '',
    `**Plan: ${countsLine(countPlan(plan))}** across ${tenants} tenant${tenants === 1 ? '' : 's'}${errored ? `, **${errored} errored**` : ''}.`,
    '',
    ...(digest ? [digest, ''] : []),
    ...(plan.targets ? [`> [!WARNING]\n> ${escapeInline(targetWarning(plan.targets))}`, ''] : []),
    ...destructiveList(plan, max / 4),
    ...billableNote(plan, max / 8),
    ...summaryTable(plan, max / 4),
    ...howToApply(plan),
  ].join('\n');
}

/**
 * The comment in pieces: the head, then whole tenant sections while they fit, then the pointer to the full plan.
 * Never longer than `maxLength`, whatever the size of the plan.
 */
export function* markdownChunks(plan: Plan, opts: MarkdownOptions = {}): Generator<string> {
  const max = opts.maxLength ?? DEFAULT_MARKDOWN_MAX;
  // Tenants with errors or changes come before in-sync ones, so a cut drops the least interesting sections.
  const order = (t: TenantPlan): number => (t.status === 'error' ? 0 : t.status === 'changes' ? 1 : 2);
  const sections = [...plan.tenants].sort((a, b) => order(a) - order(b))
    .filter((t) => t.status !== 'in_sync' || t.diagnostics.length > 0 || t.ignored.length > 0 || inventoryNotable(t.inventory));
  const pointer = (shown: number): string =>
    `\n---\n✂️ **Plan cut to fit**: ${shown} of ${sections.length} tenant sections shown. The full plan is in ${opts.fullPlan ?? 'the plan artifact of this run'}.\n`;
  const head = markdownHead(plan, opts, max) + '\n';
  if (sections.length > 0 && head.length > max) {
    yield head.slice(0, Math.max(0, max));
    return;
  }
  yield head;
  let used = head.length;
  for (let i = 0; i < sections.length; i++) {
    const reserve = i + 1 < sections.length ? pointer(i).length : 0;
    const next = tenantSection(sections[i] as TenantPlan, max - used - reserve - 1);
    if (next === undefined) {
      yield pointer(i).slice(0, Math.max(0, max - used));
      return;
    }
    yield next + '\n';
    used += next.length + 1;
  }
}

export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  return joinChunks(markdownChunks(plan, opts));
}
