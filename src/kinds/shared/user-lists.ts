// Per-user lists (licenses, directory roles): a user whose YAML declares the list states the whole truth for that
// user, so the kind's read covers every item of theirs. One rule for both kinds.
import type { TenantConfig, UserSpec } from '../../config/model.js';

export type UserList = 'licenses' | 'roles';

/** Users whose `list` is declared: that list is authoritative for them. */
export function usersListing(config: TenantConfig, list: UserList): { spec: UserSpec; index: number }[] {
  return (config.users ?? [])
    .map((spec, index) => ({ spec, index }))
    .filter(({ spec }) => spec[list] !== undefined && spec.ensure !== 'absent' && !spec.external);
}

/** `covers` for an address `<prefix>:<upn>/<item>`: the read sees it when the user's list is declared. */
export function coversListed(prefix: string, list: UserList): (address: string, config: TenantConfig) => boolean {
  return (address, config) => {
    const upn = address.slice(prefix.length + 1, address.indexOf('/'));
    return usersListing(config, list).some(({ spec }) => spec.userPrincipalName.toLowerCase() === upn);
  };
}
