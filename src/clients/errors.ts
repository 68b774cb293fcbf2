/**
 * An error answered by a service, carrying its own code and message so the user sees the service's words, followed
 * by the request that got it (`PATCH /users/alice@contoso.com`) so a 403 says which call lacked the grant.
 */
export class ApiError extends Error {
  /** The service's own words, without the request. */
  readonly detail: string;

  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** `METHOD path`, never a query string or header. */
    readonly request?: string,
  ) {
    super(request ? `${message} (${request})` : message);
    this.name = 'ApiError';
    this.detail = message;
  }

  get throttled(): boolean {
    return this.status === 429;
  }
}

/** Missing or unusable credentials. Messages name variables and files, never their secret values. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/** `METHOD path` of a request for an error message: the origin and the query string are left out. */
export function requestLabel(method: string, url: string): string {
  const path = /^https?:\/\//i.test(url) ? new URL(url).pathname : url;
  return `${method} ${path.split('?')[0]}`;
}

/** The same error with the request that got it named, unless it already names one. */
export function withRequest(err: ApiError, request: string): ApiError {
  if (err.request) return err;
  return new ApiError(err.service, err.status, err.code, err.detail, err.requestId, request);
}
