// The registry of resource kinds, in the order they are fetched and diffed.
import type { Kind } from './contract.js';
import { adminLinkKind } from './admin-link/index.js';
import { authenticationMethodKind } from './authentication-methods/index.js';
import { authorizationPolicyKind } from './authorization-policy/index.js';
import { azureRoleAssignmentKind } from './azure-role-assignment/index.js';
import { calendarPermissionKind, contactsPermissionKind } from './calendar-permission/index.js';
import { consentRoleKind } from './consent-role/index.js';
import { conditionalAccessKind } from './conditional-access/index.js';
import { contactKind } from './contact/index.js';
import { directoryRoleKind } from './directory-role/index.js';
import { distributionGroupKind } from './distribution-group/index.js';
import { dynamicDistributionGroupKind } from './dynamic-distribution-group/index.js';
import { exchangeSettingsKind } from './exchange-settings/index.js';
import { gdapKind } from './gdap/index.js';
import { groupKind } from './group/index.js';
import { guestKind } from './guest/index.js';
import { licenseKind } from './license/index.js';
import { mailboxKind } from './mailbox/index.js';
import { mailboxPermissionKind } from './mailbox-permission/index.js';
import { mailUserKind } from './mail-user/index.js';
import { membershipKind } from './membership/index.js';
import { namedLocationKind } from './named-location/index.js';
import { partnerConsentKind } from './partner-consent/index.js';
import { seatsKind } from './seats/index.js';
import { sessionRevocationKind } from './session-revocation/index.js';
import { sharepointSettingsKind } from './sharepoint-settings/index.js';
import { sharepointSiteKind } from './sharepoint-site/index.js';
import { oneDriveKind } from './onedrive/index.js';
import { securityDefaultsKind } from './security-defaults/index.js';
import { teamKind } from './team/index.js';
import { temporaryAccessPassKind } from './temporary-access-pass/index.js';
import { userKind } from './user/index.js';

export const kinds: Kind[] = [
  userKind,
  sessionRevocationKind,
  guestKind,
  temporaryAccessPassKind,
  licenseKind,
  groupKind,
  membershipKind,
  teamKind,
  directoryRoleKind,
  mailboxKind,
  contactKind,
  distributionGroupKind,
  dynamicDistributionGroupKind,
  mailUserKind,
  mailboxPermissionKind,
  calendarPermissionKind,
  contactsPermissionKind,
  azureRoleAssignmentKind,
  gdapKind,
  partnerConsentKind,
  consentRoleKind,
  adminLinkKind,
  seatsKind,
  namedLocationKind,
  securityDefaultsKind,
  authorizationPolicyKind,
  authenticationMethodKind,
  exchangeSettingsKind,
  sharepointSettingsKind,
  sharepointSiteKind,
  oneDriveKind,
  conditionalAccessKind,
];
