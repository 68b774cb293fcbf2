// A Temporary Access Pass is encrypted to the partner's age public key the moment Graph returns it; a key that does
// not parse would only be found after the pass was issued and then lost. So the recipient is parsed at validate.
import { Encrypter } from 'age-encryption';
import type { Issue } from './crosscheck.js';
import type { TenantConfig } from './model.js';

/** Why `recipient` is no age recipient, or undefined when it is one. */
export function recipientProblem(recipient: string): string | undefined {
  if (!recipient.startsWith('age1')) {
    return `"${recipient}" is not an age public key: it must start with "age1" (the recipient line of age-keygen's output)`;
  }
  try {
    // addRecipient decodes the Bech32 string and checks its checksum and length, without encrypting anything.
    new Encrypter().addRecipient(recipient);
    return undefined;
  } catch (error) {
    return `"${recipient}" is not a valid age public key (${(error as Error).message}); copy the "Public key: age1…" line of age-keygen`;
  }
}

export function checkTapRecipients(c: TenantConfig, out: Issue[]): void {
  (c.users ?? []).forEach((u, i) => {
    const recipient = u.temporaryAccessPass?.recipient;
    if (recipient === undefined) return;
    const problem = recipientProblem(recipient);
    if (problem) out.push({ severity: 'error', path: `users[${i}].temporaryAccessPass.recipient`, message: problem });
  });
}
