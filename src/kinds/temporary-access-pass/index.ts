// The `temporary-access-pass` kind: a first sign-in for a new hire. `tap:<upn>` is issued once, right after its user
// is created, encrypted to the declared age recipient and written under apply's --secrets-dir; never planned again.
import { tapChecks } from './recipient.js';
import type { Kind } from '../contract.js';
import { applyTap } from './apply.js';
import { diffTaps } from './diff.js';
import { fetchTaps } from './fetch.js';
import { addressOf, coversTap, selectTaps, type DesiredTap, type LiveTap } from './model.js';

export const temporaryAccessPassKind: Kind<DesiredTap, LiveTap> = {
  kind: 'temporary-access-pass',
  checks: tapChecks,
  shape: 'child', section: 'users', parent: 'user', fields: ['temporaryAccessPass'], prefix: 'tap',
  // The policy page (temporaryaccesspassauthenticationmethodconfiguration-get.md) takes Policy.Read.All; creating a
  // pass (authentication-post-temporaryaccesspassmethods.md) takes UserAuthenticationMethod.ReadWrite.All and, in a
  // customer tenant, the Authentication Administrator role.
  permissions: {
    read: { graph: ['User.Read.All', 'Policy.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['UserAuthenticationMethod.ReadWrite.All'], gdapRoles: ['Authentication Administrator'] },
  },
  select: selectTaps,
  address: addressOf,
  covers: coversTap,
  fetch: fetchTaps,
  diff: diffTaps,
  apply: applyTap,
  // Nothing to export: Graph returns a pass only when it is created, and an existing user's pass is never managed.
  export: async () => ({ section: 'users', items: [] }),
};

export type { DesiredTap, LiveTap } from './model.js';
