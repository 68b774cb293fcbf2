// The machine rendering: canonical JSON (sorted keys, two-space indent, trailing newline) so that the same plan always
// produces the same bytes and saved plans diff cleanly.
import { canonicalJson } from '../fingerprint.js';
import type { Plan } from '../types.js';

export function renderJson(plan: Plan): string {
  return canonicalJson(plan, 2) + '\n';
}
