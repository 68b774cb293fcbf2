// Write coalescing: independent writes issued at about the same time (apply runs changes concurrently) travel in one
// `$batch` of up to 20 instead of one HTTP request each. Each caller still gets its own answer or its own error.
import type { BatchRequest, BatchResponse } from './types.js';

export interface CoalescedWrite {
  /** GET only for reads that may wait for company (`GraphApi.getShared`): a readback after a create. */
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Waiting {
  write: CoalescedWrite;
  resolve: (r: BatchResponse) => void;
  reject: (e: unknown) => void;
}

export interface CoalescerOptions {
  /** How long the first write of a batch waits for company. */
  windowMs?: number;
  /** Requests per `$batch`. */
  max?: number;
}

export type SendBatch = (requests: BatchRequest[]) => Promise<BatchResponse[]>;

/** Returns `submit`, which resolves with the write's own inner response (any status): the caller maps errors. */
export function createCoalescer(send: SendBatch, o: CoalescerOptions = {}): (write: CoalescedWrite) => Promise<BatchResponse> {
  const windowMs = o.windowMs ?? 5;
  const max = o.max ?? 20;
  let queue: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = queue;
    queue = [];
    if (taken.length === 0) return;
    const requests: BatchRequest[] = taken.map((w, i) => ({ id: String(i + 1), ...w.write }));
    send(requests).then(
      (responses) => taken.forEach((w, i) => w.resolve(responses[i]!)),
      (error: unknown) => taken.forEach((w) => w.reject(error)),
    );
  };

  return (write) =>
    new Promise<BatchResponse>((resolve, reject) => {
      queue.push({ write, resolve, reject });
      if (queue.length >= max) flush();
      else timer ??= setTimeout(flush, windowMs);
    });
}
