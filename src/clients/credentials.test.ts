import { describe, expect, it } from 'vitest';
import { resourceHost, resourceScope } from './clouds.js';
import { CredentialsError } from './errors.js';
import { createClients, credentialsFromEnv } from './index.js';

describe('credentialsFromEnv', () => {
  it('is undefined when nothing is configured', () => {
    expect(credentialsFromEnv({})).toBeUndefined();
  });

  it('reads a secret with the partner tenant', () => {
    expect(credentialsFromEnv({ AZURE_CLIENT_ID: 'app', AZURE_TENANT_ID: 'p', AZURE_CLIENT_SECRET: 's' })).toEqual({
      clientId: 'app', partnerTenantId: 'p', secret: 's',
    });
  });

  it('reads a certificate path without opening it', () => {
    expect(credentialsFromEnv({ AZURE_CLIENT_ID: 'app', AZURE_CLIENT_CERTIFICATE_PATH: '/x/app.pem' })).toEqual({
      clientId: 'app', certificatePath: '/x/app.pem',
    });
  });

  it('uses GitHub Actions OIDC only when both of its variables are set', () => {
    const gh = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh/t', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'rt' };
    expect(credentialsFromEnv({ AZURE_CLIENT_ID: 'app', ...gh })).toEqual({ clientId: 'app', oidc: true });
    expect(() => credentialsFromEnv({ AZURE_CLIENT_ID: 'app', ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh/t' })).toThrow(
      /neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH/,
    );
  });

  it('names the missing client id without echoing the secret', () => {
    const err = (() => {
      try {
        credentialsFromEnv({ AZURE_CLIENT_SECRET: 'very-secret-value' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err!.message).toMatch(/AZURE_CLIENT_ID/);
    expect(err!.message).not.toContain('very-secret-value');
  });

  it('names an unreadable certificate file when clients are created', () => {
    expect(() => createClients({ tenantId: 't', credentials: { clientId: 'a', certificatePath: '/nonexistent/app.pem' } })).toThrow(
      /AZURE_CLIENT_CERTIFICATE_PATH \/nonexistent\/app\.pem: cannot read \(ENOENT\)/,
    );
  });

  it('refuses to create clients without credentials or an emulator', () => {
    expect(() => createClients({ tenantId: 't' })).toThrow(/no credentials/);
  });
});

describe('national clouds', () => {
  it('scopes tokens to the cloud of the tenant', () => {
    expect(resourceScope('usgov', 'graph')).toBe('https://graph.microsoft.us/.default');
    expect(resourceScope('china', 'arm')).toBe('https://management.chinacloudapi.cn/.default');
    expect(resourceHost('usgovdod', 'graph')).toBe('dod-graph.microsoft.us');
    expect(() => resourceHost('china', 'partner')).toThrow(/partner is not available in the china cloud/);
  });

  it('offers Partner Center only in the global cloud', () => {
    const credentials = { clientId: 'a', secret: 's', partnerTenantId: 'p' };
    expect(createClients({ tenantId: 't', cloud: 'china', credentials }).partnerCenter).toBeUndefined();
    expect(createClients({ tenantId: 't', credentials }).partnerCenter).toBeDefined();
    expect(createClients({ tenantId: 't', credentials: { clientId: 'a', secret: 's' } }).partnerGraph).toBeUndefined();
  });
});
