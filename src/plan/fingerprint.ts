// Canonical JSON and fingerprints: the stale check compares what apply re-reads with what plan saw, so both sides
// must serialise the same object to the same bytes regardless of key order or dropped-undefined noise.
import { createHash } from 'node:crypto';

/** The value with keys sorted and `undefined` members dropped, as canonicalJson serialises it. */
export function canonicalValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalValue(v)));
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalValue(v);
    }
    return out;
  }
  return value;
}

/** JSON with keys sorted at every level and `undefined` members dropped; `indent` for human-facing output. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(canonicalValue(value), null, indent) ?? 'null';
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function fingerprint(value: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(value)).digest('hex');
}
