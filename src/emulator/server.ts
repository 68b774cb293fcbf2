// The emulator's HTTP server (node:http only) and the pipeline every request runs through: service lookup,
// latency, faults, body, bearer token, route, throttling budget, handler, error body, persistence, stats.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApiError, Router, type Ctx, type EmulatorCore, type Reply, type ServiceModule } from './router.js';
import { verifyToken } from './tokens.js';
import { getTenant, type EmulatorState } from './state.js';
import { BODY_FAULTS, FaultInjector, bodyFaultReply, parseFaults, truncateReply } from './faults.js';
import { Throttle } from './throttle.js';
import { StateStore } from './store.js';

export interface ServerOptions {
  port: number;
  latencyMs: number;
  faults?: string;
  throttling: boolean;
  replicationDelayMs: number;
  /** Seed of each new object's replication delay; 0 by default. */
  replicationSeed?: number;
  statePath?: string;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string; key: string };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const SLOW_MS = 1500;

export class EmulatorServer implements EmulatorCore {
  readonly throttle: Throttle;
  readonly counts: Record<string, number> = {};
  readonly replicationDelayMs: number;
  readonly replicationSeed: number;
  throttling: boolean;
  private injector?: FaultInjector;
  /** Faults hit only this tenant's requests (by the token's tenant) when set: one bad tenant among good ones. */
  private faultTenant?: string;
  /** Faults hit only requests to this path when set: one failing read among good ones (`/v1.0/users/$count`). */
  private faultPath?: string;
  private readonly routers = new Map<ServiceModule, Router>();
  private readonly store?: StateStore;
  private readonly server: Server;
  origin = '';

  constructor(readonly state: EmulatorState, private readonly modules: ServiceModule[], private readonly opts: ServerOptions) {
    // Through the state, so the throttle follows the one clock of every other service.
    this.throttle = new Throttle(() => state.clock.now());
    this.replicationDelayMs = opts.replicationDelayMs;
    this.replicationSeed = opts.replicationSeed ?? 0;
    this.throttling = opts.throttling;
    this.setFaults(opts.faults);
    for (const m of modules) this.routers.set(m, new Router(m.routes));
    if (opts.statePath) this.store = new StateStore(opts.statePath, state);
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    this.server = opts.tls ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(handler);
  }

  setFaults(spec: string | undefined, tenantId?: string, path?: string): void {
    this.injector = spec ? new FaultInjector(parseFaults(spec)) : undefined;
    this.faultTenant = spec ? tenantId?.toLowerCase() : undefined;
    this.faultPath = spec ? path : undefined;
  }

  private faultsApply(module: ServiceModule, headers: Record<string, string>, path: string): boolean {
    if (!module.faults || !this.injector) return false;
    if (this.faultPath !== undefined && path !== this.faultPath) return false;
    const audience = module.audienceFor?.(path) ?? module.audience;
    if (!this.faultTenant || !audience) return this.faultTenant === undefined;
    try {
      return verifyToken(this.state, headers.authorization, audience).tid.toLowerCase() === this.faultTenant;
    } catch {
      return false;
    }
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, '127.0.0.1', () => resolve());
    });
    this.server.keepAliveTimeout = 5000;
    this.origin = `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    this.store?.flush();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  changed(): void {
    this.store?.changed();
  }

  flush(): void {
    this.store?.flush();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Runs of slashes are one separator, as the services read them: the Azure SDK joins an endpoint and a scope that
    // starts with `/` into `//subscriptions/…`, which URL parsing would otherwise take for a host name.
    const url = new URL((req.url ?? '/').replace(/^[^?]*/, (p) => p.replace(/\/{2,}/g, '/')), this.origin);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const module = this.modules.find((m) => m.matches(path));
    const requestId = randomUUID();
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const clientRequestId = headers['client-request-id'] || requestId;
    const base = { 'request-id': requestId, 'client-request-id': clientRequestId };
    if (!module) {
      send(res, { status: 404, body: { error: { code: 'NotFound', message: `No service of the emulator serves ${path}.` } } }, base);
      return;
    }
    this.counts[module.name] = (this.counts[module.name] ?? 0) + 1;
    const gate = this.gate(module, path);
    if (gate.release) res.once('close', gate.release);
    if (this.opts.latencyMs > 0) await sleep(this.opts.latencyMs);
    const rawBody = await readBody(req);
    const ctx: Ctx = {
      method: (req.method ?? 'GET').toUpperCase(), path, query: url.searchParams, headers, rawBody, params: {},
      origin: this.origin, requestId, clientRequestId, state: this.state, core: this, req, resHeaders: {},
    };
    if (gate.refusal) {
      send(res, withHeaders(module.errorReply(ctx, gate.refusal), gate.refusal.headers), base);
      return;
    }
    if (this.injector && this.faultsApply(module, headers, path)) {
      const { kind, variant } = this.injector.draw();
      if (kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (kind === 'slow') await sleep(SLOW_MS);
      if (kind && BODY_FAULTS.has(kind) && ctx.method === 'GET') {
        const junk = bodyFaultReply(kind);
        send(res, junk ?? truncateReply(await this.dispatch(ctx, module)), { ...base, ...ctx.resHeaders });
        return;
      }
      const fault = kind === '429' ? new ApiError(429, 'TooManyRequests', 'Too many requests.', variant < 0.5 ? { 'Retry-After': '1' } : {})
        : kind === '503' ? new ApiError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', { 'Retry-After': '1' })
          : kind === '504' ? new ApiError(504, 'GatewayTimeout', 'The gateway did not receive a timely response.') : undefined;
      if (fault) {
        send(res, withHeaders(module.errorReply(ctx, fault), fault.headers), base);
        return;
      }
    }
    const reply = await this.dispatch(ctx, module);
    send(res, reply, { ...base, ...ctx.resHeaders });
  }

  async dispatch(ctx: Ctx, module: ServiceModule): Promise<Reply> {
    try {
      if (module.normalizePath) ctx.path = module.normalizePath(ctx.path);
      if (module.audience || module.audienceFor) this.authenticate(ctx, module);
      let router = this.routers.get(module);
      if (!router) {
        router = new Router(module.routes);
        this.routers.set(module, router);
      }
      const found = router.match(ctx.method, ctx.path);
      if (!('route' in found)) {
        if (found.methodMismatch) throw new ApiError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
        const segment = ctx.path.split('/').filter(Boolean).pop() ?? '';
        throw new ApiError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
      }
      ctx.params = found.params;
      // Every token is checked: one without the needed role is refused, never waved through.
      if (ctx.token) module.authorize?.(ctx, found.route);
      this.charge(ctx, module);
      const reply = await found.route.handler(ctx);
      if (found.route.write && reply.status < 400) this.changed();
      return reply;
    } catch (err) {
      if (err instanceof ApiError) return withHeaders(module.errorReply(ctx, err), err.headers);
      const e = err as Error;
      return module.errorReply(ctx, new ApiError(500, 'InternalServerError', `Emulator error: ${e.message}`));
    }
  }

  private authenticate(ctx: Ctx, module: ServiceModule): void {
    const claims = verifyToken(this.state, ctx.headers.authorization, module.audienceFor?.(ctx.path) ?? (module.audience as string));
    const pathTenant = module.tenantFromPath?.(ctx.path);
    if (pathTenant !== undefined && pathTenant.toLowerCase() !== claims.tid.toLowerCase()) {
      throw new ApiError(401, 'InvalidAuthenticationToken', `The access token was issued for tenant '${claims.tid}', not for '${pathTenant}'.`);
    }
    ctx.token = claims;
    ctx.tenant = getTenant(this.state, claims.tid);
  }

  /** Takes an in-flight slot where the service bounds concurrency; it is given back when the response closes. */
  private gate(module: ServiceModule, path: string): { release?: () => void; refusal?: ApiError } {
    const bound = this.throttling ? module.concurrency?.(path) : undefined;
    if (!bound) return {};
    const release = this.throttle.enter(bound.key, bound.max);
    return release ? { release } : { refusal: new ApiError(429, 'TooManyRequests', bound.message, { 'Retry-After': '1' }) };
  }

  private charge(ctx: Ctx, module: ServiceModule): void {
    const metered = module.meter?.(ctx);
    if (!metered) return;
    if (metered.resourceUnits !== undefined) ctx.resHeaders['x-ms-resource-unit'] = String(metered.resourceUnits);
    if (!this.throttling) return;
    const verdict = this.throttle.admit(metered.limits);
    if (!verdict.admitted) {
      throw new ApiError(429, 'TooManyRequests', verdict.limit.message, { 'Retry-After': String(verdict.retryAfterS), ...verdict.limit.headers });
    }
    // Graph reports the share of the fullest limit once it passes 0.8, rounded up so 0.801 never reads as 0.80.
    if (metered.reportsUsage && verdict.usage > 0.8) {
      ctx.resHeaders['x-ms-throttle-limit-percentage'] = (Math.ceil(verdict.usage * 100) / 100).toFixed(2);
    }
  }
}

function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...(reply.headers ?? {}), ...headers } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  if (res.destroyed) return;
  const all: Record<string, string> = { ...headers, ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    if (typeof reply.body === 'string') {
      payload = reply.body;
      all['content-type'] ??= 'text/plain';
    } else {
      payload = JSON.stringify(reply.body);
      all['content-type'] ??= 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
    }
  }
  res.writeHead(reply.status, all);
  res.end(payload);
}
