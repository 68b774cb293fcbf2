// Turns a failed HTTP answer into an ApiError with the service's own code and words. Each service hides its text
// in a different place, so the parser is chosen per service.
import { ApiError } from './errors.js';
import { headerValue } from './retry-policy.js';

export type ErrorParser = (service: string, status: number, headers: Headers, body: unknown) => ApiError;

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function requestIdOf(headers: Headers, error: Json | undefined): string | undefined {
  const inner = obj(error?.innerError) ?? obj(error?.innererror);
  return (
    headerValue(headers, 'request-id') ??
    headerValue(headers, 'x-ms-request-id') ??
    str(inner?.['request-id']) ??
    headerValue(headers, 'x-ms-correlation-request-id')
  );
}

function fallbackMessage(status: number, body: unknown): string {
  if (typeof body === 'string' && body.trim() !== '') return `HTTP ${status}: ${body.trim().slice(0, 300)}`;
  return `HTTP ${status}`;
}

/** Graph and ARM: `{"error":{"code","message","innerError"}}`. */
export const odataError: ErrorParser = (service, status, headers, body) => {
  const error = obj(obj(body)?.error);
  return new ApiError(
    service,
    status,
    str(error?.code) ?? `HTTP${status}`,
    str(error?.message) ?? fallbackMessage(status, body),
    requestIdOf(headers, error),
  );
};

/** Exchange InvokeCommand: the message is "Invalid Operation"; the cmdlet's text is in `error.details[0].message`. */
export const exchangeError: ErrorParser = (service, status, headers, body) => {
  const base = odataError(service, status, headers, body);
  const details = obj(obj(body)?.error)?.details;
  const detail = Array.isArray(details) ? str(obj(details[0])?.message) : undefined;
  if (!detail) return base;
  return new ApiError(service, status, base.code, detail, base.requestId);
};

/** Partner Center: `{"code": 600xxx, "description": "...", "errorName"?}` or the OData shape. */
export const partnerCenterError: ErrorParser = (service, status, headers, body) => {
  const b = obj(body);
  if (b && b.description !== undefined) {
    const code = b.errorName ?? b.code;
    return new ApiError(
      service,
      status,
      code === undefined ? `HTTP${status}` : String(code),
      str(b.description) ?? fallbackMessage(status, body),
      headerValue(headers, 'ms-correlationid') ?? headerValue(headers, 'ms-requestid'),
    );
  }
  return odataError(service, status, headers, body);
};

/**
 * SharePoint's REST API: an authentication refusal is `{"error_description": "…"}` ("Unsupported app only token."
 * for a token got with a client secret); other errors are OData's `{"error": {"code", "message"}}`, or in the older
 * format `{"odata.error": {"code", "message": {"value"}}}`.
 */
export const sharePointError: ErrorParser = (service, status, headers, body) => {
  const b = obj(body);
  const requestId = headerValue(headers, 'sprequestguid') ?? headerValue(headers, 'request-id');
  if (b && str(b.error_description)) return new ApiError(service, status, `HTTP${status}`, str(b.error_description)!, requestId);
  const legacy = obj(b?.['odata.error']);
  if (legacy) return new ApiError(service, status, str(legacy.code) ?? `HTTP${status}`, str(obj(legacy.message)?.value) ?? fallbackMessage(status, body), requestId);
  const e = odataError(service, status, headers, body);
  return requestId && !e.requestId ? new ApiError(service, status, e.code, e.message, requestId) : e;
};

/** Reads a response body as JSON when it is JSON, as text otherwise, undefined when empty. */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A success status proves nothing about the body: a proxy's HTML page, a body cut short or nothing at all can come
 * with a 200. Reads must carry a JSON object (every Graph, ARM, Exchange and Partner Center read does), a 201 must
 * carry the created entity, and no success may carry text that is not JSON, except a text/plain answer.
 */
export function unexpectedBody(method: string, res: Response, parsed: unknown): string | undefined {
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  if (typeof parsed === 'string' && !type.startsWith('text/plain')) return `the answer is not JSON (${type || 'no content-type'})`;
  const mustHaveBody = method === 'GET' || res.status === 201;
  if (mustHaveBody && parsed === undefined) return 'the answer is empty';
  // A `$count` segment answers a bare integer as text/plain, which parses as a number.
  if (typeof parsed === 'number' && type.startsWith('text/plain')) return undefined;
  if (method === 'GET' && typeof parsed !== 'string' && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
    return 'the answer is not a JSON object';
  }
  return undefined;
}
