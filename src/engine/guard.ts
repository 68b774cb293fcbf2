// Checks a saved plan must pass before apply touches anything: the format this tenantform writes, and, when the
// caller requires it (`apply --require-commit`), the commit the checkout is at. Pure: the CLI reads HEAD and passes it.
import { PLAN_FORMAT_VERSION } from '../plan/types.js';

export interface PlanOrigin {
  formatVersion?: unknown;
  source?: { commit?: string | null; dirty?: boolean } | null;
}

export function formatVersionRefusal(plan: PlanOrigin): string | undefined {
  if (plan.formatVersion === PLAN_FORMAT_VERSION) return undefined;
  return `the plan has formatVersion ${JSON.stringify(plan.formatVersion ?? null)}; this tenantform applies formatVersion ${PLAN_FORMAT_VERSION} only: plan again`;
}

/** Refuses a plan made at another commit than `head`, or from a checkout with uncommitted changes. */
export function requireCommitRefusal(plan: PlanOrigin, head: string | null | undefined): string | undefined {
  const made = plan.source?.commit ?? null;
  if (!head) return 'cannot check --require-commit: the current directory is not a git checkout';
  if (!made) return 'the plan records no commit; --require-commit needs a plan made in a git checkout';
  if (plan.source?.dirty) return `the plan was made from a checkout with uncommitted changes at ${made.slice(0, 12)}; --require-commit refuses it`;
  if (made.toLowerCase() !== head.toLowerCase()) {
    return `the plan was made at commit ${made.slice(0, 12)} but HEAD is ${head.slice(0, 12)}; --require-commit refuses it: plan again`;
  }
  return undefined;
}
