import { describe, expect, it } from 'vitest';
import { sharePointHosts } from './clouds.js';

describe('sharePointHosts', () => {
  it("names the tenant's SharePoint hosts after the first label of its initial domain, in lower case", () => {
    expect(sharePointHosts(undefined, ['contoso.com', 'Contoso.onmicrosoft.com'])).toEqual({
      root: 'contoso.sharepoint.com', admin: 'contoso-admin.sharepoint.com', my: 'contoso-my.sharepoint.com',
    });
  });

  it('refuses a tenant without an initial domain, and clouds whose SharePoint suffix tenantform does not know', () => {
    expect(() => sharePointHosts('global', ['contoso.com'])).toThrow(/no \.onmicrosoft\.com domain/);
    expect(() => sharePointHosts('usgov', ['contoso.onmicrosoft.com'])).toThrow(/not available to tenantform in the usgov cloud/);
  });
});
