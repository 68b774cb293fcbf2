// The security tests' desired state: the policies a partner declares first in a customer (a trusted location, MFA
// for admins and for a pilot outside HQ, legacy authentication blocked), kept here because only these tests use it.
import { BREAKGLASS } from '../support/estates.js';
import { contoso, workDir, type Sections } from '../support/folders.js';
import { CONTOSO_DOMAINS } from '../support/seed.js';

/** The YAML of a first rollout: a trusted location, MFA for admins and users, legacy authentication blocked. */
export function baseline(): Sections {
  return {
    policy: { breakglass: [BREAKGLASS] },
    securityDefaults: { enabled: false },
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson' },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg' },
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson' },
      { userPrincipalName: BREAKGLASS, displayName: 'Breakglass' },
    ],
    groups: [
      { mailNickname: 'finance', displayName: 'Finance', members: ['bob@contoso.com', 'carol@contoso.com'] },
      { mailNickname: 'ca-pilot', displayName: 'CA pilot', type: 'security', members: ['alice@contoso.com'] },
    ],
    namedLocations: [
      { displayName: 'HQ', ipRanges: ['203.0.113.0/24', '2001:db8::/48'], isTrusted: true },
      { displayName: 'Nordics', countriesAndRegions: ['SE', 'NO'] },
    ],
    conditionalAccess: [
      {
        displayName: 'CA001 Require MFA for admins', state: 'enabled',
        conditions: { users: { includeRoles: ['Global Administrator', 'User Administrator'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['All'] } },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      },
      {
        displayName: 'CA002 MFA for pilot outside HQ', state: 'enabled',
        conditions: {
          users: { includeGroups: ['ca-pilot', 'finance'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['Office365'] },
          locations: { includeLocations: ['All'], excludeLocations: ['HQ'] }, clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'], platforms: { includePlatforms: ['all'], excludePlatforms: ['linux'] },
        },
        grantControls: { authenticationStrength: 'Phishing-resistant MFA' },
        sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 12 }, persistentBrowser: { isEnabled: true, mode: 'never' } },
      },
      {
        displayName: 'CA003 Block legacy authentication', state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['All'], excludeUsers: [BREAKGLASS] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['exchangeActiveSync', 'other'] },
        grantControls: { builtInControls: ['block'] },
      },
    ],
  } as Sections;
}

export function workspace(sections: Sections = baseline()) {
  return workDir([{ ...contoso(sections), domains: CONTOSO_DOMAINS }]);
}
