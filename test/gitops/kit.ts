// Fixtures of the GitOps tests: an estate of six customer tenants in the emulator (one user each), a partner whose
// Partner Center lists five of them and one customer without a folder, and the folders as YAML.
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { Folder } from '../e2e/cli-kit.js';

export const PARTNER_ID = '11111111-0000-4000-8000-0000000000b0';
export const NAMES = ['alpine', 'birch', 'cedar', 'dune', 'elm', 'fjord'] as const;
export const idOf = (i: number): string => `6b1a3c6e-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`;
/** A customer of the partner with no folder: unlinked. */
export const ORPHAN = { tenantId: idOf(99), companyName: 'Orphan Oy', domain: 'orphan.com' };

export function estateSeed(): SeedDocument {
  return {
    tenants: NAMES.map((name, i) => ({
      tenantId: idOf(i), displayName: name, domains: [`${name}.com`], skus: [],
      users: [{ userPrincipalName: `ann@${name}.com`, displayName: 'Ann', jobTitle: 'Clerk' }],
    })),
    partner: {
      tenantId: PARTNER_ID, displayName: 'Partner', domains: ['partner.onmicrosoft.com'],
      // fjord is left out: its folder names a tenant that is not a customer.
      customers: [...NAMES.slice(0, 5).map((name, i) => ({ tenantId: idOf(i), companyName: name, domain: `${name}.com` })), ORPHAN],
    },
  };
}

/** Every folder declares Ann; birch and elm want another job title (drift). */
export function estateFolders(): Folder[] {
  return NAMES.map((name, i) => ({
    name, tenantId: idOf(i), domains: [`${name}.com`],
    sections: { users: [{ userPrincipalName: `ann@${name}.com`, displayName: 'Ann', jobTitle: name === 'birch' || name === 'elm' ? 'Manager' : 'Clerk' }] },
  }));
}
