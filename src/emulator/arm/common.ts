// Shared by the ARM routes: api-version check, the calling tenant, ARM's error body.
import { randomUUID } from 'node:crypto';
import { ApiError, json, type Ctx, type Reply } from '../router.js';
import type { TenantState } from '../state.js';

export function requireApiVersion(ctx: Ctx): void {
  if (!ctx.query.get('api-version')) {
    throw new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
}

export function callerTenant(ctx: Ctx): TenantState {
  if (!ctx.tenant) throw new ApiError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
  return ctx.tenant;
}

export function armErrorReply(ctx: Ctx, err: ApiError): Reply {
  return json(err.status, { error: { code: err.code, message: err.message, ...err.extra } }, {
    'x-ms-request-id': ctx.requestId, 'x-ms-correlation-request-id': ctx.clientRequestId || randomUUID(),
  });
}

