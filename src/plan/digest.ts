// The plan's digest and optional signature: a reviewer and the apply job compare the digest to know they hold the same
// plan; the HMAC proves a plan came from a job that holds TENANTFORM_PLAN_KEY. Neither replaces apply's re-derivation,
// which refuses any plan that differs from what planning now would produce.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, fingerprint } from './fingerprint.js';
import type { Plan, UnsealedPlan } from './types.js';

export const PLAN_KEY_ENV = 'TENANTFORM_PLAN_KEY';

/** The fingerprint a create carries: the read that found no live object. */
export const ABSENT_FINGERPRINT = fingerprint({ absent: true });

/** `sha256:<hex>` of the canonical JSON of the plan without its digest and signature. */
export function planDigest(plan: UnsealedPlan | Plan): string {
  const { digest: _digest, signature: _signature, ...body } = plan as Plan;
  return 'sha256:' + createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function hmac(digest: string, key: string): string {
  return 'hmac-sha256:' + createHmac('sha256', key).update(digest).digest('hex');
}

/** Adds the digest, and the signature when a key is given. */
export function sealPlan(plan: UnsealedPlan | Plan, key?: string): Plan {
  const { digest: _digest, signature: _signature, ...body } = plan as Plan;
  const digest = planDigest(body);
  return { ...body, digest, ...(key ? { signature: hmac(digest, key) } : {}) };
}

/** Why the plan's digest does not hold, or undefined when it does. */
export function digestRefusal(plan: Plan): string | undefined {
  if (typeof plan.digest !== 'string') return 'the plan has no digest';
  const actual = planDigest(plan);
  if (actual === plan.digest) return undefined;
  return `the plan's digest does not match its content (recorded ${plan.digest.slice(0, 19)}…, computed ${actual.slice(0, 19)}…): the file was edited after it was made`;
}

/**
 * With a key: the plan must carry a valid signature. Without one: a signed plan cannot be checked, which is refused
 * too, since a job that reads signed plans is meant to hold the key.
 */
export function signatureRefusal(plan: Plan, key: string | undefined): string | undefined {
  if (!key) return plan.signature ? `the plan is signed but ${PLAN_KEY_ENV} is not set, so its signature cannot be checked` : undefined;
  if (!plan.signature) return `${PLAN_KEY_ENV} is set but the plan is not signed: plan again with the key`;
  const want = Buffer.from(hmac(plan.digest, key));
  const got = Buffer.from(plan.signature);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'the plan\'s signature is not valid for this key';
  return undefined;
}
