// Reading a saved plan: the file must be JSON of a format version this tenantform understands, and shaped like a plan,
// before apply or show trusts a single field of it.
import { readFile } from 'node:fs/promises';
import { digestRefusal } from './digest.js';
import { opsProblem } from './ops.js';
import { CHANGE_REASONS, PLAN_FORMAT_VERSION, type Plan } from './types.js';

export class PlanFileError extends Error {
  override name = 'PlanFileError';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the shape apply and the renderers rely on; names the first offending field. */
export function parsePlan(text: string, file = 'plan'): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw new PlanFileError(`${file}: a plan is a JSON object`);
  if (data.formatVersion !== PLAN_FORMAT_VERSION) {
    const got = data.formatVersion === undefined ? 'no formatVersion' : `formatVersion ${JSON.stringify(data.formatVersion)}`;
    throw new PlanFileError(`${file}: unsupported plan format (${got}); this tenantform reads formatVersion ${PLAN_FORMAT_VERSION}. Plan again with this version.`);
  }
  if (!Array.isArray(data.tenants)) throw new PlanFileError(`${file}: field "tenants" must be an array`);
  data.tenants.forEach((t, i) => {
    const at = `${file}: tenants[${i}]`;
    if (!isObject(t)) throw new PlanFileError(`${at} must be an object`);
    for (const key of ['name', 'tenantId', 'status'] as const) {
      if (typeof t[key] !== 'string') throw new PlanFileError(`${at}.${key} must be a string`);
    }
    if (!['in_sync', 'changes', 'error', 'pending_access'].includes(t.status as string)) throw new PlanFileError(`${at}.status "${String(t.status)}" is not in_sync, changes, error or pending_access`);
    for (const key of ['changes', 'ignored', 'diagnostics'] as const) {
      if (!Array.isArray(t[key])) throw new PlanFileError(`${at}.${key} must be an array`);
    }
    if (!isObject(t.unmanaged)) throw new PlanFileError(`${at}.unmanaged must be an object`);
    (t.changes as unknown[]).forEach((c, j) => {
      if (!isObject(c) || typeof c.id !== 'string' || typeof c.kind !== 'string' || typeof c.address !== 'string' || !Array.isArray(c.fields) || !Array.isArray(c.dependsOn)) {
        throw new PlanFileError(`${at}.changes[${j}] must have string id, kind, address and arrays fields, dependsOn`);
      }
      if (!['create', 'update', 'delete', 'replace'].includes(c.action as string)) throw new PlanFileError(`${at}.changes[${j}].action "${String(c.action)}" is unknown`);
      if (!CHANGE_REASONS.includes(c.reason as never)) throw new PlanFileError(`${at}.changes[${j}].reason "${String(c.reason)}" is unknown`);
      const bad = c.ops === undefined ? undefined : opsProblem(c.ops);
      if (bad) throw new PlanFileError(`${at}.changes[${j}]: ${bad}`);
    });
  });
  if (!isObject(data.summary)) throw new PlanFileError(`${file}: field "summary" must be an object`);
  const plan = data as unknown as Plan;
  const edited = digestRefusal(plan);
  if (edited) throw new PlanFileError(`${file}: ${edited}`);
  return plan;
}

export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PlanFileError(`cannot read plan file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parsePlan(text, path);
}
