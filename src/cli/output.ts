// Output that cannot fail: what the commands print and the files they write. A reader that goes away (`tenantform
// plan | head -1`) closes the pipe; the rest of the output is dropped and the run ends as it would have, with its own
// exit code and no stack trace. Long renderings are written as they are produced, waiting for the reader, so memory
// stays bounded and the first lines appear early.
import { OutputPathError, outputRefusal, writeFileAtomic, type Content } from '../util/write-file.js';

type Stream = NodeJS.WriteStream;

const broken = new WeakSet<Stream>();
const guarded = new WeakSet<Stream>();

/** A closed reader is the reader's choice, not an error of the run. */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/**
 * Makes `stream` drop its output once the reader is gone instead of throwing from an unhandled 'error' event. Any
 * other write error is still thrown, as before.
 */
export function guardOutput(stream: Stream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!READER_GONE.has(error.code ?? '')) throw error;
    broken.add(stream);
    // A pending drain would wait for ever on a dead pipe; waking it lets the run finish.
    stream.emit('drain');
  });
}

export interface Writer {
  write(text: string): void;
  /** Resolves once the stream takes more, at once when it need not wait or its reader is gone. */
  drain(): Promise<void>;
}

export function writerFor(stream: Stream): Writer {
  guardOutput(stream);
  return {
    write: (text) => {
      if (!broken.has(stream) && !stream.destroyed) stream.write(text);
    },
    drain: () =>
      broken.has(stream) || stream.destroyed || !stream.writableNeedDrain ? Promise.resolve() : new Promise((done) => stream.once('drain', done)),
  };
}

/** Gathers chunks to this size before each write. */
const BATCH = 1 << 16;

/** Writes chunks as they come, waiting for the reader when it asks; `drain` absent means output is captured. */
export async function emit(deps: { out(text: string): void; drain?(): Promise<void> }, chunks: Iterable<string>): Promise<void> {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= BATCH) {
      deps.out(batch);
      batch = '';
      await deps.drain?.();
    }
  }
  if (batch) deps.out(batch);
}

/** Prints why `path` cannot be written and returns false; true when it can. Used before any work starts. */
export async function checkOutput(path: string, option: string, deps: { err(text: string): void }): Promise<boolean> {
  const refusal = await outputRefusal(path, option);
  if (refusal) deps.err(`tenantform: ${refusal}\n`);
  return refusal === undefined;
}

/** Writes an output file atomically; prints the one-line reason and returns false when it cannot. */
export async function saveOutput(path: string, content: Content, option: string, deps: { err(text: string): void }): Promise<boolean> {
  try {
    await writeFileAtomic(path, content, option);
    return true;
  } catch (error) {
    if (!(error instanceof OutputPathError)) throw error;
    deps.err(`tenantform: ${error.message}\n`);
    return false;
  }
}
