// The one read of declared users that the user and license kinds share: every property either needs, by UPN.
import { readScoped } from '../../clients/reads.js';
import type { ReadSession } from '../../clients/session.js';
import type { GraphApi } from '../../clients/types.js';
import type { TenantConfig } from '../../config/model.js';
import type { LiveDirectory } from '../contract.js';
import { snapshotUsers } from './directory.js';
import { USER_FIELDS, USER_IDENTITY } from '../user/model.js';
import { seg } from './graph.js';

export const USER_SELECT = `$select=id,userPrincipalName,${USER_FIELDS.join(',')},${USER_IDENTITY.join(',')},assignedLicenses,licenseAssignmentStates`;

export type RawUser = { id: string; userPrincipalName: string } & Record<string, unknown>;

/**
 * Declared users (all users when `all`), read once per tenant read even when several kinds ask at the same time; taken
 * from drift's delta snapshot when there is one.
 */
export function readUsers(graph: GraphApi, session: ReadSession, tenant: TenantConfig, all: boolean, directory?: LiveDirectory): Promise<RawUser[]> {
  const keys = [...new Set((tenant.users ?? []).map((u) => u.userPrincipalName.toLowerCase()))];
  if (directory) return Promise.resolve(snapshotUsers<RawUser>(directory, new Set(keys), all));
  return session.shared(`users:${all}`, () =>
    readScoped<RawUser>(graph, {
      keys,
      keyOf: (u) => u.userPrincipalName.toLowerCase(),
      uniqueKeys: true,
      listPath: `/users?$top=999&${USER_SELECT}`,
      itemPath: (upn) => `/users/${seg(upn)}?${USER_SELECT}`,
      all,
    }),
  );
}
