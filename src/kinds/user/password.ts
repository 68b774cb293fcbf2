// Initial passwords: from the secret source or TENANTFORM_INITIAL_PASSWORD, else generated. Never logged or planned.
import { randomInt } from 'node:crypto';
import type { ApplyContext } from '../contract.js';

export const PASSWORD_ENV = 'TENANTFORM_INITIAL_PASSWORD';

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-.:=?@_'];

/** 20 characters with every class present: meets Entra's complexity rule (3 of 4 classes, 8–256 characters). */
export function generatePassword(length = 20): string {
  const all = SETS.join('');
  const chars = SETS.map((s) => s[randomInt(s.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export function initialPassword(ctx: ApplyContext, env: NodeJS.ProcessEnv = process.env): string {
  try {
    const fromSource = ctx.secret(PASSWORD_ENV);
    if (fromSource) return fromSource;
  } catch {
    // No secret source configured: the environment variable or a generated password is the documented fallback.
  }
  const value = env[PASSWORD_ENV] || generatePassword();
  ctx.sensitive?.(value);
  return value;
}
