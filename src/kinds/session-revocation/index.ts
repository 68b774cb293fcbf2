// The `sessionRevocation` kind: a leaver's sign-in sessions revoked, `revokeSessions:<upn>`, planned while Graph's
// signInSessionsValidFromDateTime is earlier than the day the user left (`lifecycle.since`), so apply twice revokes once.
import type { Kind } from '../contract.js';
import { applyRevocation } from './apply.js';
import { diffSessions } from './diff.js';
import { fetchSessions } from './fetch.js';
import { addressOf, coversRevocation, selectRevocations, type DesiredRevocation, type LiveSessions } from './model.js';

export const sessionRevocationKind: Kind<DesiredRevocation, LiveSessions> = {
  kind: 'sessionRevocation',
  shape: 'child', section: 'users', parent: 'user', fields: ['lifecycle'], prefix: 'revokeSessions',
  // user-revokesigninsessions.md: application User.ReadWrite.All (least privileged) or Directory.ReadWrite.All; the
  // property is read with the user (User.Read.All). Through GDAP, User Administrator may revoke sessions.
  permissions: {
    read: { graph: ['User.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['User.ReadWrite.All'], gdapRoles: ['User Administrator'] },
  },
  select: selectRevocations,
  address: addressOf,
  covers: coversRevocation,
  fetch: fetchSessions,
  diff: diffSessions,
  apply: applyRevocation,
  // Nothing to export: a revocation is an action; the leaver's YAML says when it is due.
  export: async () => ({ section: 'users', items: [] }),
};

export type { DesiredRevocation, LiveSessions } from './model.js';
