// Output files that cannot be half-written or redirected: every file a command writes goes through here. Content lands
// in a temporary file in the target's own folder (so the rename cannot cross file systems) and is renamed over the
// target only once complete, so a reader sees the old file or the new one, never a prefix. A target that is a symbolic
// link is refused rather than followed: a link planted where plan.json goes must not overwrite what it points at.
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

export type Content = string | Iterable<string> | AsyncIterable<string>;

/** Chunks are gathered to this size before each write, so a generator of short lines costs few system calls. */
const BATCH = 1 << 16;

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * Why `path` cannot be an output file, as one line naming the option that gave it (`--out x: …`); undefined when it
 * can. Checked before any work starts, so a refused target costs nothing and leaves everything as it was.
 */
export async function outputRefusal(path: string, option: string): Promise<string | undefined> {
  const folder = dirname(path);
  const at = `${option} ${path}`;
  try {
    if (!(await stat(folder)).isDirectory()) return `${at}: ${folder} is not a folder`;
  } catch (error) {
    return codeOf(error) === 'ENOENT' ? `${at}: folder ${folder} does not exist` : `${at}: cannot use folder ${folder} (${codeOf(error) ?? (error as Error).message})`;
  }
  try {
    const target = await lstat(path);
    if (target.isSymbolicLink()) return `${at}: is a symbolic link; refusing to write through it`;
    if (target.isDirectory()) return `${at}: is a folder; give a file name`;
    if (!target.isFile()) return `${at}: exists and is not a regular file`;
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') return `${at}: cannot use it (${codeOf(error) ?? (error as Error).message})`;
  }
  return undefined;
}

async function writeAll(file: FileHandle, content: Content): Promise<void> {
  if (typeof content === 'string') {
    await file.writeFile(content, 'utf8');
    return;
  }
  let batch = '';
  for await (const chunk of content) {
    batch += chunk;
    if (batch.length >= BATCH) {
      await file.writeFile(batch, 'utf8');
      batch = '';
    }
  }
  if (batch) await file.writeFile(batch, 'utf8');
}

/**
 * Writes `content` to `path` atomically, or throws an OutputPathError (one line) and leaves nothing behind: neither
 * the target nor a temporary file changes when the check, a chunk or the rename fails.
 */
export async function writeFileAtomic(path: string, content: Content, option = '--out'): Promise<void> {
  const refusal = await outputRefusal(path, option);
  if (refusal) throw new OutputPathError(refusal);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let file: FileHandle | undefined;
  try {
    // `wx` fails on anything already at the temporary name, a link included, instead of writing through it.
    file = await open(temp, 'wx');
    await writeAll(file, content);
    await file.sync();
    await file.close();
    file = undefined;
    // rename replaces a link that appeared since the check, never the file it points at.
    await rename(temp, path);
  } catch (error) {
    await file?.close().catch(() => undefined);
    await rm(temp, { force: true });
    if (error instanceof OutputPathError) throw error;
    throw new OutputPathError(`${option} ${path}: cannot write (${codeOf(error) ?? (error as Error).message})`);
  }
}
