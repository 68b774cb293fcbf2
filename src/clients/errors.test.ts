import { describe, expect, it } from 'vitest';
import { ApiError, requestLabel, withRequest } from './errors.js';

describe('ApiError', () => {
  it('keeps the service code and message and knows throttling', () => {
    const e = new ApiError('graph', 429, 'TooManyRequests', 'slow down');
    expect(e.message).toBe('slow down');
    expect(e.code).toBe('TooManyRequests');
    expect(e.throttled).toBe(true);
    expect(new ApiError('graph', 404, 'Request_ResourceNotFound', 'x').throttled).toBe(false);
  });

  it('names the request after the service words, once', () => {
    const e = withRequest(new ApiError('graph', 403, 'Authorization_RequestDenied', 'Insufficient privileges.', 'r-1'), 'PATCH /users/alice@contoso.com');
    expect(e.message).toBe('Insufficient privileges. (PATCH /users/alice@contoso.com)');
    expect(e.detail).toBe('Insufficient privileges.');
    expect(e.requestId).toBe('r-1');
    expect(withRequest(e, 'GET /other').message).toBe(e.message);
  });

  it('labels a request by method and path, without origin or query string', () => {
    expect(requestLabel('GET', "/users?$filter=mail eq 'a@b.c'")).toBe('GET /users');
    expect(requestLabel('GET', 'https://graph.microsoft.com/v1.0/users?$skiptoken=abc')).toBe('GET /v1.0/users');
  });
});
