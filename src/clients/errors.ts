/** An error answered by a service, carrying its own code and message so the user sees the service's words. */
export class ApiError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
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
