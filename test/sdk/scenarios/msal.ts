// MSAL Node's ConfidentialClientApplication with a client secret against the emulator's token endpoint over HTTPS,
// as tenantform signs in per customer tenant. The authority is the emulator's origin plus the tenant id, listed in
// `knownAuthorities` (MSAL's documented option for authorities outside its built-in cloud list), which also keeps it
// from asking login.microsoftonline.com for instance discovery.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { env, Report } from './report.js';

const e = env();
const report = new Report();
const host = new URL(e.url).host;

function app(authorityOrigin: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: e.clientId, clientSecret: e.clientSecret, authority: `${authorityOrigin}/${e.tenantId}`, knownAuthorities: [host] },
  });
}

const decode = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

await report.step('clientCredentialsGraph', async () => {
  const r = await app(e.url).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  const claims = decode(r?.accessToken ?? '');
  return { tokenType: r?.tokenType, aud: claims.aud, tid: claims.tid, appid: claims.appid };
});

await report.step('clientCredentialsArm', async () => {
  const r = await app(e.url).acquireTokenByClientCredential({ scopes: ['https://management.azure.com/.default'] });
  return { aud: decode(r?.accessToken ?? '').aud };
});

// The same emulator over plain http: MSAL refuses the authority before sending anything.
await report.step('plainHttpAuthority', async () => {
  await app(e.url.replace(/^https:/, 'http:')).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  return 'accepted';
});

report.print();
