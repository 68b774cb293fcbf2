// The client surface that kinds and the engine see. Implementations live beside this file; paging, retries,
// throttling and batching are owned by them, never by a kind.
import type { ExchangeApi } from './exchange.js';
import type { Caller } from './caller.js';
import type { WireClock } from './poll.js';

export interface RequestOptions {
  headers?: Record<string, string>;
}

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

export interface BatchResponse<T = unknown> {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: T;
}

export interface GraphApi {
  get<T>(path: string, opts?: RequestOptions): Promise<T>;
  /**
   * A GET that may travel in a `$batch` with other requests issued at about the same time (when writes are
   * coalesced): for reads where a few milliseconds do not matter and thousands of them would, such as the readback of
   * each created object during apply.
   */
  getShared?<T>(path: string): Promise<T>;
  /** Follows `@odata.nextLink` to the end; throws if any page fails (a partial read is never returned). */
  list<T>(path: string, opts?: RequestOptions): Promise<T[]>;
  post<T>(path: string, body: unknown, opts?: RequestOptions): Promise<T>;
  patch(path: string, body: unknown, opts?: RequestOptions): Promise<void>;
  delete(path: string, opts?: RequestOptions): Promise<void>;
  /** A PUT that creates the object at `path` (a group's team: `PUT /groups/{id}/team`). */
  put?<T>(path: string, body: unknown): Promise<T>;
  /**
   * A POST Graph answers `202 Accepted` for a long-running operation (a team's archive): the operation's `Location`,
   * to poll, or undefined when the answer names none.
   */
  startOperation?(path: string, body?: unknown): Promise<string | undefined>;
  /** Any number of requests: chunked into `$batch` calls of 20, inner 429/503 retried. Responses in request order. */
  batch<T = unknown>(requests: BatchRequest[]): Promise<BatchResponse<T>[]>;
}

/** Counts of HTTP requests sent, per service, for `--debug`, benchmarks and tests. */
export interface RequestCounter {
  count(service: string): number;
  total(): number;
  snapshot(): Record<string, number>;
}

export interface ListOptions extends RequestOptions {
  /** Exchange's InvokeCommand lists by POST: the same body is sent to every nextLink. */
  method?: 'GET' | 'POST';
  body?: unknown;
}

/** JSON REST on the same pipeline as Graph, for Exchange, ARM and Partner Center. */
export interface RestApi {
  get<T>(path: string, o?: RequestOptions): Promise<T>;
  /**
   * Every item (`value` or `items`) of every page, following ARM `nextLink`, OData `@odata.nextLink` and Partner
   * Center `links.next` (with its continuation-token header); any failed page fails the whole list.
   */
  list<T>(path: string, o?: ListOptions): Promise<T[]>;
  post<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  put<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, o?: RequestOptions): Promise<T>;
  delete(path: string, o?: RequestOptions): Promise<void>;
}

export interface Clients {
  graph: GraphApi;
  counter: RequestCounter;
  /** Graph on the partner tenant (GDAP); absent when no partner tenant is configured. */
  partnerGraph?: GraphApi;
  arm?: RestApi;
  /** Partner Center on the partner tenant; absent outside the global cloud or without a partner tenant. */
  partnerCenter?: RestApi;
  /** Whether Partner Center calls are App+User (a partner user's refresh token is configured). */
  partnerCenterAppUser?: boolean;
  /** Exchange Online cmdlets (the mailbox, permission, distribution group and contact kinds); absent when not configured. */
  exchange?: ExchangeApi;
  /** SharePoint's REST API on one of the tenant's SharePoint hosts (the SharePoint kinds); absent when not configured. */
  sharepoint?(host: string): RestApi;
  /** The clock retries and polls sleep on; real timers when absent. */
  clock?: WireClock;
  /** Who tenantform signs in as in this tenant (its app and service principal): its own access is never removed. */
  caller?(): Promise<Caller>;
}
