// Who tenantform is in a customer tenant: its app id (the credentials' client id) and the object id of its service
// principal there, which is the `oid` claim of the app-only token it signs in with ("the verified identity of the
// user or service principal": docs/identity-platform/access-token-claims-reference.md in MicrosoftDocs/entra-docs).
// The core never plans removing that principal's own access (its Azure role assignments, directory roles, grants).
import type { TokenProvider } from './auth.js';

export interface Caller {
  appId: string;
  /** tenantform's service principal in this tenant. */
  objectId: string;
}

/** The `oid` claim of a JWT access token, or undefined when the token is no JWT or carries none. */
export function tokenObjectId(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const oid = typeof claims === 'object' && claims !== null ? (claims as { oid?: unknown }).oid : undefined;
    return typeof oid === 'string' && oid !== '' ? oid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The caller from the token the Graph client signs in with (no request beyond the sign-in every read makes). A token
 * that names no principal is an error: without knowing itself, tenantform cannot keep its own access out of a plan.
 */
export async function callerOf(appId: string, graphToken: TokenProvider): Promise<Caller> {
  const objectId = tokenObjectId(await graphToken.getToken());
  if (!objectId) throw new Error('the Graph access token names no principal (no oid claim), so tenantform cannot tell its own service principal from others');
  return { appId, objectId };
}
