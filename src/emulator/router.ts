// The core's request model and the pluggable service modules: each service (identity, Graph, later Exchange,
// ARM, Partner Center) is a module that claims a path prefix, names the token audience it requires, formats its own
// error bodies and registers routes. The server (server.ts) runs the shared pipeline around them.
import type { IncomingMessage } from 'node:http';
import type { EmulatorState, TenantState } from './state.js';
import type { TokenClaims } from './tokens.js';
import type { Metered } from './throttle.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Ctx {
  method: string;
  /** Decoded path without the query string, e.g. `/v1.0/users/abc`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: string;
  params: Record<string, string>;
  origin: string;
  requestId: string;
  clientRequestId: string;
  state: EmulatorState;
  core: EmulatorCore;
  token?: TokenClaims;
  /** The tenant the token (or path) designates; set by the pipeline for authenticated services. */
  tenant?: TenantState;
  req?: IncomingMessage;
  /** Headers to add to the response (e.g. x-ms-resource-unit). */
  resHeaders: Record<string, string>;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** Segments separated by `/`; `:name` captures one segment. */
  pattern: string;
  handler: Handler;
  /** True for routes that change state (persisted, and audited by the handler). */
  write?: boolean;
}

export interface ServiceModule {
  /** Key in stats(), e.g. `graph`, `token`, `exchange`, `arm`, `partnerCenter`. */
  name: string;
  matches(path: string): boolean;
  /** Token audience required; undefined = no bearer token needed. */
  audience?: string;
  /** The audience of a service whose hosts differ per tenant (SharePoint's `https://<host>`), from the request path. */
  audienceFor?(path: string): string;
  /** Tenant addressed by the path (Exchange, ARM); otherwise the token's tenant is used. */
  tenantFromPath?(path: string): string | undefined;
  /**
   * Rewrites equivalent path forms to the one the routes name (e.g. Graph's `delta()` and `graph.user` casts) before
   * routing, for direct and `$batch` inner requests alike.
   */
  normalizePath?(path: string): string;
  /** Whether random faults may hit this service (off for token discovery, control). */
  faults: boolean;
  errorReply(ctx: Ctx, err: ApiError): Reply;
  /**
   * Checks the permissions in the verified token against what the matched route needs; throws a 403 ApiError when
   * they do not suffice. Called only for tokens that carry a `roles` claim (apps the seed restricts).
   */
  authorize?(ctx: Ctx, route: Route): void;
  /** The throttling limits this request is charged against (after routing); undefined = not throttled. */
  meter?(ctx: Ctx): Metered | undefined;
  /** An in-flight bound on requests to this path, checked as they arrive; undefined = none. */
  concurrency?(path: string): { key: string; max: number; message: string } | undefined;
  routes: Route[];
}

/** What modules may call back into: dispatching inner requests ($batch) and recording persisted changes. */
export interface EmulatorCore {
  dispatch(ctx: Ctx, service: ServiceModule): Promise<Reply>;
  changed(): void;
  /** Eventual consistency of directory reads: the longest delay (0 = off) and the seed of each object's delay. */
  replicationDelayMs: number;
  replicationSeed: number;
}

interface Compiled { route: Route; segments: string[] }

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split('/').filter(Boolean) }));
  }

  /** Finds the route for a path; `methodMismatch` when the path exists with other methods. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    let best: { route: Route; params: Record<string, string>; score: string } | undefined;
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      // A literal segment beats a capture at the same position, so `/users/delta` wins over `/users/:id`
      // whatever order the route files are listed in.
      const score = c.segments.map((s) => (s.startsWith(':') ? '0' : '1')).join('');
      if (!best || score > best.score) best = { route: c.route, params, score };
    }
    return best ? { route: best.route, params: best.params } : { methodMismatch: pathMatched };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = v;
    else if (p.toLowerCase() !== v.toLowerCase()) return undefined;
  }
  return params;
}

export function json(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** Parses a JSON request body strictly: not JSON or not an object → 400 with the service's error. */
export function jsonBody(ctx: Ctx): Record<string, unknown> {
  if (ctx.rawBody.trim() === '') throw new ApiError(400, 'BadRequest', 'Empty Payload, JSON content expected');
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.rawBody);
  } catch {
    throw new ApiError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError(400, 'BadRequest', 'Invalid request body: a JSON object is expected.');
  }
  return parsed as Record<string, unknown>;
}
