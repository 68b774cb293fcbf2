// Natural keys of directory objects, and turning them into object ids at apply time.
import { ApiError } from '../../clients/errors.js';
import type { GraphApi } from '../../clients/types.js';
import type { ApplyContext } from '../contract.js';
import { filterEq, literal, seg } from './graph.js';

export const userAddress = (upn: string): string => `user:${upn.toLowerCase()}`;
export const groupAddress = (mailNickname: string): string => `group:${mailNickname.toLowerCase()}`;

/** YAML references: a bare UPN or email is a user; `user:`, `group:`, `guest:`, `servicePrincipal:` and `device:` are kept. */
export function referenceAddress(ref: string): string {
  const m = /^(user|group|guest|servicePrincipal|device|contact):(.+)$/i.exec(ref.trim());
  if (!m) return userAddress(ref.trim());
  const type = m[1]!.toLowerCase() === 'serviceprincipal' ? 'servicePrincipal' : m[1]!.toLowerCase();
  return `${type}:${type === 'servicePrincipal' || type === 'device' ? m[2]! : m[2]!.toLowerCase()}`;
}

/** A member or owner as Graph lists it (directoryObject with its type). */
export interface DirectoryObjectRef {
  id: string;
  '@odata.type'?: string;
  userPrincipalName?: string;
  mailNickname?: string;
  appId?: string;
  mail?: string | null;
  userType?: string | null;
}

/**
 * A member or owner's address when it is a declared guest: a userType Guest user whose mail is one of `guests`
 * (normalised addresses) is `guest:<mail>`, as the YAML names it; any other object keeps its address.
 */
export function memberAddress(o: DirectoryObjectRef, guests: ReadonlySet<string>): string {
  const mail = typeof o.mail === 'string' ? o.mail.normalize('NFC').toLowerCase() : '';
  if (o.userType === 'Guest' && mail && guests.has(mail)) return `guest:${mail}`;
  return addressOfObject(o);
}

export function addressOfObject(o: DirectoryObjectRef): string {
  const type = (o['@odata.type'] ?? '').replace('#microsoft.graph.', '');
  if (type === 'user' || (type === '' && o.userPrincipalName)) return userAddress(o.userPrincipalName ?? o.id);
  if (type === 'group' && o.mailNickname) return groupAddress(o.mailNickname);
  if (type === 'servicePrincipal' && o.appId) return `servicePrincipal:${o.appId}`;
  if (type === 'orgContact' && o.mail) return `contact:${o.mail.toLowerCase()}`;
  return `${type || 'directoryObject'}:${o.id}`;
}

export class UnknownReferenceError extends Error {
  override name = 'UnknownReferenceError';
  constructor(readonly address: string) {
    super(`${address} does not exist in the tenant`);
  }
}

async function queryId(graph: GraphApi, address: string): Promise<string> {
  const [type, key] = [address.slice(0, address.indexOf(':')), address.slice(address.indexOf(':') + 1)];
  const one = async (path: string): Promise<string> => {
    const found = await graph.list<{ id: string }>(path);
    if (!found[0]) throw new UnknownReferenceError(address);
    return found[0].id;
  };
  switch (type) {
    case 'user':
      try {
        return (await graph.get<{ id: string }>(`/users/${seg(key)}?$select=id`)).id;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) throw new UnknownReferenceError(address);
        throw error;
      }
    case 'group':
      return one(`/groups?${filterEq('mailNickname', key)}&$select=id`);
    case 'servicePrincipal':
      return one(`/servicePrincipals?${filterEq('appId', key)}&$select=id`);
    case 'contact':
      return one(`/contacts?${filterEq('mail', key)}&$select=id`);
    case 'guest':
      // A guest is the userType Guest user whose mail is the address invited (see src/kinds/guest/model.ts).
      return one(`/users?$filter=${encodeURIComponent(`mail eq ${literal(key)} and userType eq 'Guest'`)}&$select=id`);
    default:
      return key;
  }
}

/** The id from this apply's reads and creates when known, else one query to the service (recorded for the next). */
export async function idOf(ctx: ApplyContext, address: string): Promise<string> {
  const known = ctx.ids.lookup?.(address);
  if (known) return known;
  try {
    return await ctx.ids.resolve(address);
  } catch {
    const id = await queryId(ctx.clients.graph, address);
    ctx.ids.record(address, id);
    return id;
  }
}

/** The `@odata.id` that `$ref` and `@odata.bind` take for a directory object. */
export const objectRef = (id: string): string => `https://graph.microsoft.com/v1.0/directoryObjects/${seg(id)}`;
