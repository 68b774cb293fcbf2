// The machine rendering: canonical JSON (sorted keys, two-space indent, trailing newline) so that the same plan always
// produces the same bytes and saved plans diff cleanly. It is produced in pieces, one change (or drift object) at a
// time, so a plan of 100,000 changes is never held as one string; the pieces join to exactly canonicalJson's bytes.
import { canonicalValue } from '../fingerprint.js';
import type { Plan } from '../types.js';
import { joinChunks } from './common.js';

const INDENT = '  ';

/** JSON.stringify's two-space form of a value nested `level` deep: its inner lines carry the outer indent. */
function leaf(value: unknown, level: number): string {
  const text = JSON.stringify(canonicalValue(value), null, INDENT) ?? 'null';
  // JSON escapes newlines inside strings, so every newline here is one JSON.stringify put between members.
  return level === 0 ? text : text.replace(/\n/g, '\n' + INDENT.repeat(level));
}

const isContainer = (v: unknown): v is object => v !== null && typeof v === 'object' && !(v instanceof Date);

/**
 * Canonical JSON in chunks: containers down to `depth` levels are written member by member, anything deeper as one
 * piece. Only the nesting of the value recurses, never its length.
 */
export function* canonicalChunks(value: unknown, depth: number, level = 0): Generator<string> {
  if (level >= depth || !isContainer(value)) {
    yield leaf(value, level);
    return;
  }
  const inner = '\n' + INDENT.repeat(level + 1);
  const array = Array.isArray(value);
  const members: [string, unknown][] = array
    ? (value as unknown[]).map((v, i) => [String(i), v === undefined ? null : v])
    : Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => [k, (value as Record<string, unknown>)[k]]);
  if (members.length === 0) {
    yield array ? '[]' : '{}';
    return;
  }
  yield array ? '[' : '{';
  let first = true;
  for (const [key, member] of members) {
    yield (first ? '' : ',') + inner + (array ? '' : JSON.stringify(key) + ': ');
    first = false;
    yield* canonicalChunks(member, depth, level + 1);
  }
  yield '\n' + INDENT.repeat(level) + (array ? ']' : '}');
}

/** Plan → tenants → tenant → changes → one change per chunk. */
export function* jsonChunks(plan: Plan): Generator<string> {
  yield* canonicalChunks(plan, 4);
  yield '\n';
}

export function renderJson(plan: Plan): string {
  return joinChunks(jsonChunks(plan));
}
