import type { Context } from '@microsoft/microsoft-graph-client';
import { headerValue } from '../retry-policy.js';
import { Step, requestMethod, requestUrl } from './step.js';

export type DebugSink = (line: string) => void;

const SENSITIVE_KEY = /password|secret|token|assertion|authorization|credential|key$/i;
const REDACTED = '(redacted)';
const MAX_BODY = 2000;

/** Deep copy of a JSON value with every sensitive-looking member replaced; `passwordProfile` goes whole. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SENSITIVE_KEY.test(k) ? REDACTED : redactJson(v)]),
    );
  }
  return value;
}

/** A request body as it may appear in a debug log: JSON redacted, anything else summarised by its size only. */
export function redactBody(body: unknown): string | undefined {
  if (body == null) return undefined;
  if (typeof body !== 'string') return `(${typeof body} body)`;
  try {
    const text = JSON.stringify(redactJson(JSON.parse(body)));
    return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text;
  } catch {
    return `(${body.length} bytes)`;
  }
}

/** Logs one line per attempt: service, method, URL, status or failure, duration, resource units. */
export class DebugStep extends Step {
  constructor(
    private readonly service: string,
    private readonly sink: DebugSink,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const started = performance.now();
    const head = `[${this.service}] ${requestMethod(context)} ${requestUrl(context)}`;
    const body = redactBody(context.options?.body);
    try {
      await this.forward(context);
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      this.sink(`${head} failed ${code} ${Math.round(performance.now() - started)}ms`);
      throw err;
    }
    const res = context.response as Response | undefined;
    const ms = Math.round(performance.now() - started);
    const ru = res ? headerValue(res.headers, 'x-ms-resource-unit') : undefined;
    const parts = [head, String(res?.status ?? '-'), `${ms}ms`];
    if (ru) parts.push(`ru=${ru}`);
    if (body) parts.push(`body=${body}`);
    this.sink(parts.join(' '));
  }
}
