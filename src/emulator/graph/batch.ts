// JSON batching (`POST /v1.0/$batch`): at most 20 requests with unique ids, relative URLs, a Content-Type on every
// request that has a body, `dependsOn` ordering and 424 for requests whose dependency failed. Each inner request runs
// through the core's full pipeline (authentication, routing, throttling budget), so an inner request over budget
// answers its own 429 with Retry-After while the batch itself answers 200.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route, type ServiceModule } from '../router.js';

const MAX_REQUESTS = 20;

interface Step { id: string; method: string; url: string; headers: Record<string, string>; body?: unknown; dependsOn: string[] }
interface Answer { id: string; status: number; headers: Record<string, string>; body?: unknown }

const bad = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

function parseSteps(body: Record<string, unknown>): Step[] {
  const reqs = body.requests;
  if (!Array.isArray(reqs)) throw bad('Invalid batch payload format.');
  if (reqs.length === 0) throw bad('Invalid batch payload format: the batch contains no requests.');
  if (reqs.length > MAX_REQUESTS) throw bad('Number of requests inside batch exceeds the limit.');
  const steps = reqs.map((raw): Step => {
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '') throw bad('Invalid batch payload format: every request needs a string id.');
    if (typeof r.method !== 'string' || typeof r.url !== 'string') throw bad(`Invalid batch payload format: request ${r.id} needs a method and a url.`);
    if (/^https?:/i.test(r.url)) throw bad(`Invalid request URI for request ${r.id}: batch request URLs must be relative.`);
    const headers = Object.fromEntries(Object.entries((r.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]));
    if (r.body !== undefined && headers['content-type'] === undefined) {
      throw bad(`Content-Type header must be specified for request ${r.id} because it has a body.`);
    }
    const deps = r.dependsOn ?? [];
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) throw bad(`Invalid dependsOn of request ${r.id}.`);
    return { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn: deps as string[] };
  });
  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.id)) throw bad(`Batch request contains duplicate request id '${s.id}'.`);
    ids.add(s.id);
  }
  for (const s of steps) {
    for (const d of s.dependsOn) if (!ids.has(d) || d === s.id) throw bad(`Request ${s.id} depends on an unknown request id '${d}'.`);
  }
  return steps;
}

function innerCtx(outer: Ctx, step: Step): Ctx {
  const url = new URL(step.url.replace(/^\/?(v1\.0\/)?/, '/v1.0/'), outer.origin);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const rawBody = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
  return {
    method: step.method, path, query: url.searchParams, rawBody, params: {}, origin: outer.origin,
    headers: { ...step.headers, authorization: outer.headers.authorization ?? '' }, requestId: randomUUID(),
    clientRequestId: step.headers['client-request-id'] ?? outer.clientRequestId, state: outer.state, core: outer.core,
    resHeaders: {},
  };
}

async function run(outer: Ctx, service: ServiceModule, steps: Step[]): Promise<Map<string, Answer>> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const done = new Map<string, Answer>();
  const active = new Set<string>();
  const exec = async (s: Step): Promise<Answer> => {
    const have = done.get(s.id);
    if (have) return have;
    if (active.has(s.id)) throw bad(`Requests depending on ${s.id} form a cycle.`);
    active.add(s.id);
    let failed = false;
    for (const d of s.dependsOn) {
      const dep = await exec(byId.get(d) as Step);
      if (dep.status >= 400) failed = true;
    }
    const answer = failed ? failedDependency(s) : await dispatch(outer, service, s);
    done.set(s.id, answer);
    return answer;
  };
  for (const s of steps) await exec(s);
  return done;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

// Inner responses spell header names as Graph does (concepts/json-batching.md, "Example JSON batch response":
// `Content-Type`, `Cache-Control`, `OData-Version`, but `x-ms-resource-unit`). They are plain JSON keys, so case
// matters to clients: the Graph JavaScript client's batch parser looks up `headers["Content-Type"]` to decide
// whether the body is JSON, and `Retry-After` is read the same way.
const HEADER_NAMES: Record<string, string> = {
  'content-type': 'Content-Type', 'cache-control': 'Cache-Control', 'odata-version': 'OData-Version',
  'retry-after': 'Retry-After', location: 'Location', etag: 'ETag',
};

function graphHeaderNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [HEADER_NAMES[k.toLowerCase()] ?? k, v]));
}

function failedDependency(s: Step): Answer {
  return {
    id: s.id, status: 424, headers: { 'Content-Type': 'application/json' },
    body: { error: { code: 'FailedDependency', message: `The request depends on a request that failed: ${s.dependsOn.join(', ')}.` } },
  };
}

async function dispatch(outer: Ctx, service: ServiceModule, s: Step): Promise<Answer> {
  if (/^\/?(v1\.0\/)?\$batch\b/i.test(s.url)) {
    return { id: s.id, status: 400, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'BadRequest', message: 'A batch request cannot contain another $batch request.' } } };
  }
  const ctx = innerCtx(outer, s);
  const reply: Reply = await outer.core.dispatch(ctx, service);
  const headers = graphHeaderNames({ ...ctx.resHeaders, ...(reply.headers ?? {}) });
  if (reply.body !== undefined && reply.status !== 204) headers['Content-Type'] ??= typeof reply.body === 'string' ? 'text/plain' : JSON_TYPE;
  const answer: Answer = { id: s.id, status: reply.status, headers };
  if (reply.body !== undefined && reply.status !== 204) answer.body = reply.body;
  return answer;
}

/** `service` is the Graph module itself, through which the inner requests are dispatched. */
export function batchRoutes(service: () => ServiceModule): Route[] {
  const handler = async (ctx: Ctx): Promise<Reply> => {
    const steps = parseSteps(jsonBody(ctx));
    const answers = await run(ctx, service(), steps);
    return json(200, { responses: steps.map((s) => answers.get(s.id)) });
  };
  return [{ method: 'POST', pattern: '/v1.0/$batch', handler }];
}
