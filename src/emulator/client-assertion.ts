// Certificate credentials at the token endpoint: a `client_assertion` JWT signed with the private key of a
// certificate registered on the app (its seed `certificates`, as keyCredentials hold them), verified as Entra does.
// Assertion format (learn.microsoft.com/entra/identity-platform/certificate-credentials): header `alg` PS256 with
// `x5t#S256` (the base64url SHA-256 thumbprint of the certificate's DER) or RS256 with `x5t` (SHA-1); claims `aud` the
// tenant's token endpoint, `iss` and `sub` the client id, `exp` and `nbf`. Refusals carry AADSTS700027, worded as
// Entra words them (the Azure SDKs' identity TROUBLESHOOTING.md: "Client assertion contains an invalid signature.";
// "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The
// key was not found., Thumbprint of key used by client: '…']"). An app registering no certificate signs in with a
// federated credential, whose issuer the emulator does not model: its assertion is accepted unverified. Five minutes
// of clock skew are allowed on `exp` and `nbf`; an assertion outside them is AADSTS700024.
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import type { AppRegistration } from './access.js';

export interface AssertionRefusal { status: number; error: string; code: number; description: string }

const b64json = (part: string): Record<string, unknown> | undefined => {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const refuse = (description: string, status = 401, code = 700027): AssertionRefusal => ({ status, error: 'invalid_client', code, description });

function thumbprints(pem: string): { cert: X509Certificate; sha1: string; sha256: string } | undefined {
  try {
    const cert = new X509Certificate(pem);
    return { cert, sha1: createHash('sha1').update(cert.raw).digest('base64url'), sha256: createHash('sha256').update(cert.raw).digest('base64url') };
  } catch {
    return undefined;
  }
}

/**
 * Undefined when the assertion proves the app's identity for a token from `tenantId` at `nowS` (seconds); otherwise
 * the refusal Entra sends. Apps without registered certificates are not checked (see above).
 */
export function checkAssertion(app: AppRegistration, assertion: string, tenantId: string, nowS: number): AssertionRefusal | undefined {
  if (!app.certificates?.length) return undefined;
  const parts = assertion.split('.');
  const header = parts.length === 3 ? b64json(parts[0]!) : undefined;
  const claims = parts.length === 3 ? b64json(parts[1]!) : undefined;
  if (!header || !claims) return refuse('JWT token is invalid or malformed.', 400, 50027);
  const sha256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const used = sha256 ?? sha1 ?? '';
  const registered = app.certificates.map(thumbprints).find((t) => t && (sha256 ? t.sha256 === sha256 : t.sha1 === sha1));
  if (!registered) {
    const hex = Buffer.from(used, 'base64url').toString('hex').toUpperCase();
    return refuse(`The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${hex}']`);
  }
  const alg = header.alg;
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2]!, 'base64url');
  const key = registered.cert.publicKey;
  const ok = alg === 'PS256'
    ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature)
    : alg === 'RS256' && verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  if (!ok) return refuse('Client assertion contains an invalid signature.');
  const aud = typeof claims.aud === 'string' ? claims.aud : '';
  const audTenant = /\/([^/]+)\/oauth2\/(?:v2\.0\/)?token$/i.exec(aud)?.[1]?.toLowerCase();
  // Microsoft publishes no separate wording for an assertion made for another tenant or app: the documented one.
  const mine = (v: unknown) => String(v).toLowerCase() === app.clientId.toLowerCase();
  if (audTenant !== tenantId.toLowerCase() || !mine(claims.iss) || !mine(claims.sub)) return refuse('Client assertion contains an invalid signature.');
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : 0;
  if (typeof claims.exp !== 'number' || claims.exp < nowS - 300 || nbf > nowS + 300) return refuse('Client assertion is not within its valid time range.', 401, 700024);
  if (Date.parse(registered.cert.validTo) < nowS * 1000) return refuse('Client assertion contains an invalid signature. [Reason - The key used is expired.]');
  return undefined;
}
