// Helpers shared by the Graph route files: tenant lookup, Graph's standard errors, replication delay, body checks.
import { ApiError, type Ctx } from '../router.js';
import type { DirObject, TenantState, UserObject } from '../state.js';
import { DECLARED } from './csdl-names.js';
import { directorySync } from '../exchange/directory.js';
import { isReplicated } from '../replication.js';

export function tenantOf(ctx: Ctx): TenantState {
  if (!ctx.tenant) throw new ApiError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  directorySync(ctx.tenant, ctx.state.clock.now());
  return ctx.tenant;
}

export const badRequest = (message: string): ApiError => new ApiError(400, 'Request_BadRequest', message);

export const notFound = (id: string): ApiError =>
  new ApiError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

/** Eventual consistency: a new object is not visible to reads until its own replication delay has passed. */
export function visible(ctx: Ctx, obj: DirObject): boolean {
  return isReplicated(ctx.core, obj, ctx.state.clock.now());
}

/** A user by object id or userPrincipalName; reads also honour replication delay. */
export function findUser(ctx: Ctx, key: string, read = false): UserObject {
  const tenant = tenantOf(ctx);
  const id = tenant.users.has(key.toLowerCase()) ? key.toLowerCase() : tenant.upnIndex.get(key.toLowerCase());
  const user = id === undefined ? undefined : tenant.users.get(id);
  if (!user || (read && !visible(ctx, user))) throw notFound(key);
  return user;
}

export function odataContext(ctx: Ctx, fragment: string): string {
  return `${ctx.origin}/v1.0/$metadata#${fragment}`;
}

/** Graph rejects properties its type does not declare, and read-only ones on writes. */
export function checkDeclared(body: Record<string, unknown>, entity: string, readOnly: string[] = []): void {
  const declared = DECLARED[entity]?.props ?? {};
  for (const name of Object.keys(body)) {
    if (name.includes('@odata.')) continue;
    if (!(name in declared)) {
      throw new ApiError(400, 'Request_BadRequest',
        `Property '${name}' does not exist on type 'microsoft.graph.${entity}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    if (readOnly.includes(name)) {
      throw badRequest(`Property '${name}' is read-only and cannot be set.`);
    }
  }
}

/** Default value of a declared property that the emulator does not store: `[]` for collections, else null. */
export function emptyValue(entity: string, name: string): unknown {
  return DECLARED[entity]?.props[name]?.startsWith('Collection(') ? [] : null;
}

export const isGuid = (s: unknown): s is string => typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
