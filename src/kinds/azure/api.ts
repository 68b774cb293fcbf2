// The service clients the Azure and partner kinds use, read from the context; a clear error when one is missing.
import type { Clients, GraphApi, RestApi } from '../../clients/types.js';
import { ApiError } from '../../clients/errors.js';

export type { RestApi };

export class MissingClientError extends Error {
  override name = 'MissingClientError';
  constructor(service: string, why: string) {
    super(`the ${service} client is not configured: ${why}`);
  }
}

export function armOf(clients: Clients): RestApi {
  const c = clients.arm;
  if (!c) throw new MissingClientError('Azure Resource Manager', 'azure role assignments and the Partner Admin Link need it');
  return c;
}

export function partnerCenterOf(clients: Clients): RestApi {
  const c = clients.partnerCenter;
  if (!c) throw new MissingClientError('Partner Center', 'seats need the partner tenant\'s Partner Center access');
  return c;
}

export function partnerGraphOf(clients: Clients): GraphApi {
  const c = clients.partnerGraph;
  if (!c) throw new MissingClientError('partner tenant Graph', 'GDAP relationships are managed in the partner tenant');
  return c;
}

/** A 404 is an answer ("absent"); anything else that failed stays an error (unknown, never absent). */
export async function orAbsent<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export const quote = (s: string): string => s.replace(/'/g, "''");
