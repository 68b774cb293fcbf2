// The `consentRole` kind: Entra directory roles of the partner app's service principal in the customer, declared on
// the app's consent (`partner.consent[].roles`). Exchange app-only needs one (Exchange Administrator); the
// assignment is made as for users (api-reference/v1.0/api/rbacapplication-post-roleassignments.md), by the app's
// RoleManagement grant in the customer.
import type { Kind } from '../contract.js';
import { applyRole } from '../directory-role/apply.js';
import { diffConsentRoles } from './diff.js';
import { exportConsentRoles } from './export.js';
import { fetchConsentRoles } from './fetch.js';
import { KIND, addressOf, coversConsentRole, selectConsentRoles, type DesiredConsentRole, type LiveConsentRole } from './model.js';

export const consentRoleKind: Kind<DesiredConsentRole, LiveConsentRole> = {
  kind: KIND,
  shape: 'child', section: 'partner.consent', parent: 'partnerConsent', fields: ['roles'], prefix: KIND,
  permissions: {
    read: { graph: ['RoleManagement.Read.Directory', 'Application.Read.All'] },
    write: { graph: ['RoleManagement.ReadWrite.Directory'] },
  },
  select: selectConsentRoles,
  address: addressOf,
  covers: coversConsentRole,
  fetch: (ctx) => fetchConsentRoles(ctx),
  diff: diffConsentRoles,
  apply: applyRole,
  export: exportConsentRoles,
};
