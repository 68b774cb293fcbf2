// Where the app's credentials come from: a secret, a certificate file, or GitHub Actions' OIDC token. Errors name
// the variables and files involved, never a secret value.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CredentialsError } from './errors.js';

/** What the user configured (ROUND2 contract): plain data, safe to pass around; nothing is read yet. */
export interface Credentials {
  clientId: string;
  secret?: string;
  certificatePath?: string;
  /** Sign in with GitHub Actions' OIDC token as the client assertion (workload identity federation). */
  oidc?: boolean;
  /** The partner tenant the app lives in (AZURE_TENANT_ID): Partner Center and GDAP calls go there. */
  partnerTenantId?: string;
  /**
   * A partner user's refresh token (TENANTFORM_PARTNER_REFRESH_TOKEN, a CI secret), left by one interactive sign-in
   * with MFA as the Secure Application Model has it: redeemed for the App+User tokens that Partner Center's consent
   * and order calls need. Never logged.
   */
  partnerRefreshToken?: string;
}

/** Credentials made ready for MSAL: the certificate read and split, the OIDC token fetched on demand. */
export type SignIn =
  | { kind: 'secret'; clientId: string; clientSecret: string }
  | { kind: 'certificate'; clientId: string; privateKey: string; thumbprintSha256: string; x5c: string; path: string }
  | { kind: 'assertion'; clientId: string; getAssertion: () => Promise<string> };

export const NO_CREDENTIALS =
  'no credentials: set AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, ' +
  'or run in GitHub Actions with id-token: write, or use --emulator';

type Env = Record<string, string | undefined>;
const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/**
 * Reads the credential variables. undefined when none is set (the caller decides: emulator or "no credentials");
 * a CredentialsError when they are set but unusable.
 */
export function credentialsFromEnv(env: Env = process.env): Credentials | undefined {
  const oidc = set(env.ACTIONS_ID_TOKEN_REQUEST_URL) && set(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const clientId = env.AZURE_CLIENT_ID;
  const anySecret = set(env.AZURE_CLIENT_SECRET) || set(env.AZURE_CLIENT_CERTIFICATE_PATH);
  if (!set(clientId)) {
    if (anySecret) throw new CredentialsError('AZURE_CLIENT_ID is not set: it names the app registration that tenantform signs in as');
    return undefined;
  }
  const base: Credentials = {
    clientId,
    ...(set(env.AZURE_TENANT_ID) ? { partnerTenantId: env.AZURE_TENANT_ID } : {}),
    ...(set(env.TENANTFORM_PARTNER_REFRESH_TOKEN) ? { partnerRefreshToken: env.TENANTFORM_PARTNER_REFRESH_TOKEN } : {}),
  };
  // The same order as Azure Identity's EnvironmentCredential: secret, then certificate; OIDC when neither is set.
  // Both set: the secret signs in everywhere but SharePoint, whose REST API takes only certificate tokens.
  const certificate = set(env.AZURE_CLIENT_CERTIFICATE_PATH) ? { certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH } : {};
  if (set(env.AZURE_CLIENT_SECRET)) return { ...base, secret: env.AZURE_CLIENT_SECRET, ...certificate };
  if (set(env.AZURE_CLIENT_CERTIFICATE_PATH)) return { ...base, certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH };
  if (oidc) return { ...base, oidc: true };
  throw new CredentialsError(
    'AZURE_CLIENT_ID is set but neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH is, ' +
      'and no GitHub Actions OIDC token is available (does the workflow grant "id-token: write"?)',
  );
}

/** Turns configured credentials into an MSAL sign-in; OIDC reads the request URL and token from `env`. */
export function resolveSignIn(c: Credentials, env: Env = process.env, fetchFn: typeof fetch = fetch): SignIn {
  if (!set(c.clientId)) throw new CredentialsError('credentials without a client id');
  if (set(c.secret)) return { kind: 'secret', clientId: c.clientId, clientSecret: c.secret };
  if (set(c.certificatePath)) return { kind: 'certificate', clientId: c.clientId, ...certificateFromFile(c.certificatePath) };
  if (c.oidc) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!set(url) || !set(token)) {
      throw new CredentialsError('OIDC sign-in needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN');
    }
    return { kind: 'assertion', clientId: c.clientId, getAssertion: githubOidcAssertion(url, token, fetchFn) };
  }
  throw new CredentialsError(NO_CREDENTIALS);
}

/** The app the demo seed registers (and consents) for `--emulator`; the emulator gives tokens to no other. */
export const EMULATOR_APP = { clientId: '7e2a0f00-0000-4000-8000-00000000a11c', secret: 'emulator' } as const;

/**
 * The emulator app's certificate and key (`emulator/tenantform-emulator.pem`, shipped with the package): a
 * self-signed pair that only the emulator's seeds register, for the SharePoint calls a secret cannot make.
 */
export const EMULATOR_CERTIFICATE_PATH = fileURLToPath(new URL('../../emulator/tenantform-emulator.pem', import.meta.url));

/** Credentials for the local emulator: the app its demo seed registers, unless the caller names another. */
export function emulatorCredentials(clientId: string = EMULATOR_APP.clientId): Credentials {
  return { clientId, secret: EMULATOR_APP.secret, ...(clientId === EMULATOR_APP.clientId ? { certificatePath: EMULATOR_CERTIFICATE_PATH } : {}) };
}

/** The certificate sign-in SharePoint's tokens take, when the credentials hold a certificate beside a secret. */
export function sharePointSignIn(c: Credentials): SignIn | undefined {
  if (!set(c.secret) || !set(c.certificatePath)) return undefined;
  return { kind: 'certificate', clientId: c.clientId, ...certificateFromFile(c.certificatePath) };
}

export function certificateFromFile(path: string) {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CredentialsError(`AZURE_CLIENT_CERTIFICATE_PATH ${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  return { ...certificateFromPem(pem, path), path };
}

/** Splits a PEM holding a private key and a certificate; MSAL wants PKCS#8 and the SHA-256 thumbprint (x5t#S256). */
export function certificateFromPem(pem: string, source: string) {
  const keyBlock = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem);
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) {
    throw new CredentialsError(`${source}: the private key is encrypted; tenantform needs an unencrypted PEM`);
  }
  if (!keyBlock) throw new CredentialsError(`${source}: no PEM private key found`);
  if (!certBlock) throw new CredentialsError(`${source}: no PEM certificate found`);
  let privateKey: string;
  let thumbprintSha256: string;
  try {
    privateKey = createPrivateKey(keyBlock[0]).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new CredentialsError(`${source}: the private key cannot be read`);
  }
  try {
    thumbprintSha256 = new X509Certificate(certBlock[0]).fingerprint256.replace(/:/g, '').toLowerCase();
  } catch {
    throw new CredentialsError(`${source}: the certificate cannot be read`);
  }
  return { privateKey, thumbprintSha256, x5c: certBlock[0] };
}

/** GitHub Actions' OIDC token for Entra workload identity federation, fetched fresh whenever MSAL asks. */
export function githubOidcAssertion(requestUrl: string, requestToken: string, fetchFn: typeof fetch = fetch) {
  return async (): Promise<string> => {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', 'api://AzureADTokenExchange');
    let res: Response;
    try {
      res = await fetchFn(url, { headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' } });
    } catch (err) {
      throw new CredentialsError(`cannot reach GitHub Actions' OIDC token service at ${url.origin}: ${(err as Error).message}`);
    }
    if (!res.ok) {
      throw new CredentialsError(
        `GitHub Actions refused an OIDC token (HTTP ${res.status}); does the workflow grant "id-token: write"?`,
      );
    }
    const body = (await res.json().catch(() => ({}))) as { value?: unknown };
    if (typeof body.value !== 'string') throw new CredentialsError('GitHub Actions returned an OIDC answer without a token');
    return body.value;
  };
}
