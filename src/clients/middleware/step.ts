import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** Base of every step in the chain: Graph's SDK and the REST client both drive chains built from these. */
export abstract class Step implements Middleware {
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  abstract execute(context: Context): Promise<void>;

  protected forward(context: Context): Promise<void> {
    if (!this.next) throw new Error(`${this.constructor.name} is the last step of the chain but is not a transport`);
    return this.next.execute(context);
  }
}

/** Links steps in order and returns the first one. */
export function compose(steps: Middleware[]): Middleware {
  for (let i = 0; i + 1 < steps.length; i++) steps[i]!.setNext?.(steps[i + 1]!);
  const first = steps[0];
  if (!first) throw new Error('empty middleware chain');
  return first;
}

export function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

export function requestMethod(context: Context): string {
  return (context.options?.method ?? 'GET').toUpperCase();
}

export function setHeader(context: Context, name: string, value: string): void {
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else context.options.headers = { ...(headers ?? {}), [name]: value };
}

export function responseOf(context: Context): Response {
  if (!context.response) throw new Error('the transport returned no response');
  return context.response;
}
