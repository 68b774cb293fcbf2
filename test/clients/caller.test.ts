// tenantform's own identity in a tenant comes from its app-only token's `oid` claim ("the verified identity of the
// user or service principal": https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
// A token that names no principal is an error, never an empty identity that would let its own access be pruned.
import { describe, expect, it } from 'vitest';
import { callerOf, tokenObjectId } from '../../src/clients/caller.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: unknown) => `${b64({ typ: 'JWT', alg: 'RS256' })}.${b64(claims)}.signature`;

describe('the caller from its token', () => {
  it('reads the oid of a JWT access token', async () => {
    expect(tokenObjectId(jwt({ oid: 'sp-1', appid: 'app' }))).toBe('sp-1');
    await expect(callerOf('app-id', { getToken: async () => jwt({ oid: 'sp-1' }) })).resolves.toEqual({ appId: 'app-id', objectId: 'sp-1' });
  });

  it('finds no principal in an opaque token, a JWT without oid, or a payload that is not JSON', async () => {
    for (const token of ['opaque-token', jwt({ appid: 'app' }), jwt({ oid: 42 }), 'a.!!!.c']) expect(tokenObjectId(token)).toBeUndefined();
    await expect(callerOf('app-id', { getToken: async () => 'opaque' })).rejects.toThrow(/names no principal/);
  });
});
