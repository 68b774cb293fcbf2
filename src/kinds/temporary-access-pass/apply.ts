// Issues a pass for a user tenantform has just created and delivers it encrypted. The pass is registered with the
// apply redactor before anything else is done with it, so an error raised after this point cannot print it.
// POST /users/{id}/authentication/temporaryAccessPassMethods: microsoft-graph-docs-contrib
// api-reference/v1.0/api/authentication-post-temporaryaccesspassmethods.md (the pass is returned only here).
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';
import { idOf, userAddress } from '../shared/refs.js';
import { DEFAULT_SECRETS_DIR, encryptTo, passFile, writeSecretFile } from './deliver.js';

interface IssuedPass { id: string; temporaryAccessPass?: string | null }

function requestBody(after: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (after.lifetimeInMinutes !== undefined) body.lifetimeInMinutes = after.lifetimeInMinutes;
  if (after.isUsableOnce !== undefined) body.isUsableOnce = after.isUsableOnce;
  return body;
}

export async function applyTap(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  if (change.action !== 'create') throw new Error(`temporary-access-pass: action ${change.action} is not supported`);
  const after = change.after ?? {};
  const upn = String(after.userPrincipalName);
  const file = passFile(ctx.secretsDir ?? DEFAULT_SECRETS_DIR, ctx.tenant.tenant.name, upn);
  const userId = await idOf(ctx, userAddress(upn));
  const issued = await ctx.clients.graph.post<IssuedPass>(
    `/users/${seg(userId)}/authentication/temporaryAccessPassMethods`, requestBody(after),
  );
  const pass = issued.temporaryAccessPass;
  if (typeof pass !== 'string' || pass === '') throw new Error(`${change.address}: Graph created the pass ${issued.id} but returned no temporaryAccessPass`);
  ctx.sensitive?.(pass);
  try {
    await writeSecretFile(file, await encryptTo(String(after.recipient), pass));
  } catch (error) {
    throw new Error(`${change.address}: the pass was issued but could not be saved to ${file} (${(error as Error).message}); ` +
      'delete it in the Entra admin center and issue a new one', { cause: error });
  }
  return { id: issued.id, message: `temporary access pass encrypted to ${file} (decrypt: age -d -i <key file> ${file})` };
}
