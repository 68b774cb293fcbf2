// Pure diff of passes: a declared pass whose user does not exist yet is issued right after the user is created; an
// existing user's pass is never touched again. Issuing is refused at plan time when the tenant's authentication
// methods policy would refuse it at apply, after the user was already created.
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { userAddress } from '../shared/refs.js';
import { addressOf, type DesiredTap, type LiveTap, type TapPolicy } from './model.js';

const ENABLE_HINT =
  'enable it in the Microsoft Entra admin center (Protection > Authentication methods > Policies > Temporary Access Pass: Enable, target the new users), ' +
  'or with PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass {"state": "enabled"}';

function policyProblems(d: DesiredTap, policy: TapPolicy | undefined): string[] {
  if (!policy) return ['the tenant\'s Temporary Access Pass policy was not read'];
  if (policy.state !== 'enabled') {
    return [`the tenant's authentication methods policy "TemporaryAccessPass" is ${policy.state}, so Entra refuses to issue a pass: ${ENABLE_HINT}`];
  }
  const out: string[] = [];
  const life = d.spec.lifetimeInMinutes;
  const { minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  if (life !== undefined && ((min !== undefined && life < min) || (max !== undefined && life > max))) {
    out.push(`lifetimeInMinutes ${life} is outside the tenant's Temporary Access Pass policy (${min ?? 10} to ${max ?? 43200} minutes)`);
  }
  if (d.spec.isUsableOnce === false && policy.isUsableOnce === true) {
    out.push('isUsableOnce: false is refused: the tenant\'s Temporary Access Pass policy allows one-time passes only');
  }
  return out;
}

function issue(d: DesiredTap): ProposedChange {
  const after: Record<string, unknown> = { userPrincipalName: d.upn, recipient: d.spec.recipient };
  const fields: FieldChange[] = [{ path: 'temporaryAccessPass', sensitive: true }, { path: 'recipient', after: d.spec.recipient }];
  for (const key of ['lifetimeInMinutes', 'isUsableOnce'] as const) {
    if (d.spec[key] === undefined) continue;
    after[key] = d.spec[key];
    fields.push({ path: key, after: d.spec[key] });
  }
  return { kind: 'temporary-access-pass', address: addressOf(d), action: 'create', fields, before: null, after, reason: 'missing', dependsOn: [userAddress(d.upn)] };
}

export function diffTaps(desired: DesiredTap[], live: LiveTap[], ctx: DiffContext): DiffResult {
  const existing = new Set(live.map((l) => l.upn));
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const policy = ctx.facts.policy as TapPolicy | undefined;
  for (const d of desired) {
    if (existing.has(d.upn)) continue;
    changes.push(issue(d));
    for (const problem of policyProblems(d, policy)) {
      diagnostics.push({ severity: 'error', summary: `${addressOf(d)}: ${problem}`, address: addressOf(d), path: d.path });
    }
  }
  return { changes, diagnostics };
}
