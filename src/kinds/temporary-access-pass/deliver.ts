// Delivery of an issued pass: encrypted to the declared age recipient in memory, then written only as ciphertext,
// readable by the owner alone. The plaintext never touches the disk, a log or a message.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Encrypter, armor } from 'age-encryption';

export const DEFAULT_SECRETS_DIR = '.tenantform/secrets';

/** `<dir>/<tenant>/<upn>.tap.age`; a UPN never holds a path separator (the schema's email format), checked anyway. */
export function passFile(dir: string, tenant: string, upn: string): string {
  if (/[/\\\0]/.test(upn) || upn.startsWith('.')) throw new Error(`cannot name a secrets file after "${upn}"`);
  return join(dir, tenant, `${upn}.tap.age`);
}

export async function encryptTo(recipient: string, plaintext: string): Promise<string> {
  const e = new Encrypter();
  e.addRecipient(recipient);
  return armor.encode(await e.encrypt(plaintext));
}

/** Writes beside the target and renames, so a reader never sees half a file; 0600 from the first byte. */
export async function writeSecretFile(path: string, content: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  await rename(temp, path);
}
