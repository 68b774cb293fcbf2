// MSAL Node (@azure/msal-node) client credentials against the emulator's token endpoint: accepted over HTTPS with the
// emulator's CA trusted, refused over plain http (scenarios/msal.ts in a child process with NODE_EXTRA_CA_CERTS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Outcome } from './scenarios/report.js';
import { CLIENT_ID, runScenario, startTls } from './kit.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator & { caPath: string };
let steps: Record<string, Outcome>;

beforeAll(async () => {
  emu = await startTls();
  steps = await runScenario('msal', emu);
});
afterAll(async () => emu?.close());

describe('MSAL Node against the emulator', () => {
  // microsoft-graph-docs-contrib concepts/auth-v2-service.md: client credentials with scope `{resource}/.default` give a
  // Bearer token for that resource; MSAL's `knownAuthorities` (msal-common ClientConfiguration) trusts the authority.
  it('acquires client-credentials tokens for Graph and ARM over HTTPS', () => {
    expect(steps.clientCredentialsGraph).toEqual({ ok: true, value: { tokenType: 'Bearer', aud: 'https://graph.microsoft.com', tid: CONTOSO, appid: CLIENT_ID } });
    expect(steps.clientCredentialsArm).toEqual({ ok: true, value: { aud: 'https://management.azure.com' } });
  });

  // msal-common's ClientConfigurationErrorCodes `authority_uri_insecure`: authorities must be https, which is why the
  // emulator needs --tls for stock clients.
  it('refuses the same emulator over plain http with authority_uri_insecure', () => {
    expect(steps.plainHttpAuthority).toMatchObject({ ok: false, error: expect.stringContaining('authority_uri_insecure') });
  });
});
