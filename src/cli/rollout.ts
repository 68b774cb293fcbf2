// `tenantform apply --rings`: the rollout. Rings are applied one after the other (canary, early, broad), each as an
// ordinary apply of that ring's tenants (of the saved plan, or planned just before the ring), with `--ring-wait`
// between rings so that a bad change shows itself in the canary before it reaches everyone. A ring whose failed or
// refused tenants exceed `--halt-on-failures` stops the rollout: the later rings are not touched.
import type { ApplySummary } from '../engine/apply.js';
import { describeThreshold, exceeds, parseThreshold, RINGS, type FailureThreshold, type Ring } from '../engine/rings.js';
import type { CliDeps } from './common.js';

/** What applying one ring gave: its exit code, the apply summary when anything was applied, its tenant count. */
export interface RingOutcome {
  code: number;
  summary?: ApplySummary;
  tenants?: number;
}

export interface RolloutOptions {
  ring?: string;
  target?: string[];
  ringWait?: number;
  haltOnFailures?: string;
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function thresholdOf(opts: RolloutOptions, deps: CliDeps): FailureThreshold | undefined {
  if (opts.ring) {
    deps.err('tenantform: --rings rolls out every ring in order; leave out --ring, or apply one ring without --rings\n');
    return undefined;
  }
  try {
    return parseThreshold(opts.haltOnFailures ?? '0');
  } catch (error) {
    deps.err(`tenantform: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Tenants of the ring that were not applied in full; a ring that could not be applied at all counts as all failed. */
function failedTenants(outcome: RingOutcome): { failed: string[]; total: number } {
  if (!outcome.summary) return { failed: outcome.code === 0 ? [] : ['(the ring could not be applied)'], total: outcome.tenants ?? 1 };
  const failed = outcome.summary.tenants.filter((t) => t.status === 'failed' || t.status === 'refused').map((t) => t.name);
  return { failed, total: outcome.summary.tenants.length };
}

export async function runRollout(opts: RolloutOptions, deps: CliDeps, applyRing: (ring: Ring) => Promise<RingOutcome>): Promise<number> {
  const threshold = thresholdOf(opts, deps);
  if (!threshold) return 1;
  const wait = opts.wait ?? sleep;
  let code = 0;
  for (const [i, ring] of RINGS.entries()) {
    deps.out(`\n── Ring ${ring} (${i + 1}/${RINGS.length}) ──\n`);
    const outcome = await applyRing(ring);
    const { failed, total } = failedTenants(outcome);
    if (outcome.code !== 0) code = 1;
    const later = RINGS.slice(i + 1);
    if (exceeds(threshold, failed.length, total)) {
      const rest = later.length > 0 ? `; rings ${later.join(', ')} were not applied` : '';
      deps.err(`tenantform: rollout halted at ring ${ring}: ${failed.length} of ${total} tenant${total === 1 ? '' : 's'} failed ` +
        `(${failed.join(', ')}), more than --halt-on-failures ${describeThreshold(threshold)}${rest}\n`);
      return 1;
    }
    deps.out(`Ring ${ring}: ${failed.length} of ${total} tenant${total === 1 ? '' : 's'} failed, within --halt-on-failures ${describeThreshold(threshold)}.\n`);
    const wrote = outcome.summary !== undefined;
    if (wrote && later.length > 0 && (opts.ringWait ?? 0) > 0) {
      deps.out(`Waiting ${Math.round((opts.ringWait ?? 0) / 1000)}s before ring ${later[0]}.\n`);
      await wait(opts.ringWait ?? 0);
    }
  }
  deps.out(`\nRollout ${code === 0 ? 'complete' : 'finished with failures'}: rings ${RINGS.join(', ')} applied.\n`);
  return code;
}
