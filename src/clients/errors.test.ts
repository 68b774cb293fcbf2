import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';

describe('ApiError', () => {
  it('keeps the service code and message and knows throttling', () => {
    const e = new ApiError('graph', 429, 'TooManyRequests', 'slow down');
    expect(e.message).toBe('slow down');
    expect(e.code).toBe('TooManyRequests');
    expect(e.throttled).toBe(true);
    expect(new ApiError('graph', 404, 'Request_ResourceNotFound', 'x').throttled).toBe(false);
  });
});
