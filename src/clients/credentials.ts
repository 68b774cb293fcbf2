// Where the app's credentials come from: a certificate file, a secret, or GitHub Actions' OIDC token. Errors name
// the variables and files involved, never a secret value.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CredentialsError } from './errors.js';

export type Credentials =
  | { kind: 'secret'; clientId: string; clientSecret: string }
  | { kind: 'certificate'; clientId: string; privateKey: string; thumbprintSha256: string; x5c: string; path: string }
  | { kind: 'assertion'; clientId: string; getAssertion: () => Promise<string> };

export const NO_CREDENTIALS =
  'no credentials: set AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, ' +
  'or run in GitHub Actions with id-token: write, or use --emulator';

type Env = Record<string, string | undefined>;
const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export function credentialsFromEnv(env: Env = process.env, fetchFn: typeof fetch = fetch): Credentials {
  const clientId = env.AZURE_CLIENT_ID;
  const oidc = set(env.ACTIONS_ID_TOKEN_REQUEST_URL) && set(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  if (!set(clientId)) {
    throw new CredentialsError(
      set(env.AZURE_CLIENT_SECRET) || set(env.AZURE_CLIENT_CERTIFICATE_PATH) || oidc
        ? 'AZURE_CLIENT_ID is not set: it names the app registration that tenantform signs in as'
        : NO_CREDENTIALS,
    );
  }
  if (set(env.AZURE_CLIENT_CERTIFICATE_PATH)) {
    return { kind: 'certificate', clientId, ...certificateFromFile(env.AZURE_CLIENT_CERTIFICATE_PATH) };
  }
  if (set(env.AZURE_CLIENT_SECRET)) return { kind: 'secret', clientId, clientSecret: env.AZURE_CLIENT_SECRET };
  if (oidc) {
    const assertion = githubOidcAssertion(env.ACTIONS_ID_TOKEN_REQUEST_URL!, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN!, fetchFn);
    return { kind: 'assertion', clientId, getAssertion: assertion };
  }
  throw new CredentialsError(NO_CREDENTIALS);
}

/** Credentials for the local emulator, which accepts any client. */
export function emulatorCredentials(clientId = 'tenantform'): Credentials {
  return { kind: 'secret', clientId, clientSecret: 'emulator' };
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
    const url = `${requestUrl}&audience=${encodeURIComponent('api://AzureADTokenExchange')}`;
    const res = await fetchFn(url, { headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' } });
    if (!res.ok) {
      throw new CredentialsError(
        `GitHub Actions refused an OIDC token (HTTP ${res.status}); does the workflow grant "id-token: write"?`,
      );
    }
    const body = (await res.json()) as { value?: unknown };
    if (typeof body.value !== 'string') throw new CredentialsError('GitHub Actions returned an OIDC answer without a token');
    return body.value;
  };
}
