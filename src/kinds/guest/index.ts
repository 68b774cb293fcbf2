// The `guest` kind: external (B2B) guests, invited through Graph's invitation API (POST /invitations,
// api-reference/v1.0/api/invitation-post.md) and keyed by the address invited (`guest:<email>`). Every userType
// Guest user is this kind's (the user kind passes guests over); undeclared guests are pruned only with
// `policy.prune.guests`. Groups name a declared guest by its address in `members` and `owners`.
import type { Kind } from '../contract.js';
import { applyGuest } from './apply.js';
import { diffGuests, guestChecks } from './diff.js';
import { exportGuests } from './export.js';
import { fetchGuests } from './fetch.js';
import { addressOf, type DesiredGuest, type LiveGuest } from './model.js';

export const guestKind: Kind<DesiredGuest, LiveGuest> = {
  kind: 'guest',
  shape: 'collection', section: 'guests', listKey: ['email'], keyLabel: 'guest email', prefix: 'guest', schema: 'guests.schema.json',
    offers: [{ type: 'guest', field: 'email' }],
  // invitation-post.md: User.Invite.All; user-update.md and user-delete.md: User.ReadWrite.All for the name and the
  // delete. Inviting, renaming and deleting guests is within User Administrator (Guest Inviter only invites).
  permissions: {
    read: { graph: ['User.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['User.Invite.All', 'User.ReadWrite.All'], gdapRoles: ['User Administrator'] },
  },
  pruneKey: 'guests',
  select: (config) => (config.guests ?? []).map((spec, i) => ({ spec, path: `guests[${i}]` })),
  address: addressOf,
  validate: guestChecks,
  fetch: fetchGuests,
  diff: diffGuests,
  apply: applyGuest,
  export: exportGuests,
};

export type { DesiredGuest, LiveGuest } from './model.js';
