// The service clients the Azure and partner kinds use, read from the context. RestApi is the shape fixed in the
// round-2 interfaces (createRestClient in src/clients); kinds depend on the shape only.
import type { Clients, GraphApi, RequestOptions } from '../../clients/types.js';
import { ApiError } from '../../clients/errors.js';

export interface RestApi {
  get<T>(path: string, o?: RequestOptions): Promise<T>;
  /** Follows `nextLink` / `@odata.nextLink` / Partner Center continuation links to the end. */
  list<T>(path: string): Promise<T[]>;
  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  put<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  delete(path: string, o?: RequestOptions): Promise<void>;
}

export class MissingClientError extends Error {
  override name = 'MissingClientError';
  constructor(service: string, why: string) {
    super(`the ${service} client is not configured: ${why}`);
  }
}

export function armOf(clients: Clients): RestApi {
  const c = clients.arm as RestApi | undefined;
  if (!c) throw new MissingClientError('Azure Resource Manager', 'azure role assignments and the Partner Admin Link need it');
  return c;
}

export function partnerCenterOf(clients: Clients): RestApi {
  const c = clients.partnerCenter as RestApi | undefined;
  if (!c) throw new MissingClientError('Partner Center', 'seats need the partner tenant\'s Partner Center access');
  return c;
}

export function partnerGraphOf(clients: Clients): GraphApi {
  const c = clients.partnerGraph as GraphApi | undefined;
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
