// A Temporary Access Pass is encrypted to the partner's age public key the moment Graph returns it; a key that does
// not parse would only be found after the pass was issued and then lost. So the recipient is parsed at validate.
import { Encrypter } from 'age-encryption';
import type { KindCheck } from '../../config/kind-spec.js';

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

const recipients: KindCheck = (c) =>
  (c.users ?? []).flatMap((u, i) => {
    const recipient = u.temporaryAccessPass?.recipient;
    const problem = recipient === undefined ? undefined : recipientProblem(recipient);
    return problem ? [{ severity: 'error' as const, path: `users[${i}].temporaryAccessPass.recipient`, message: problem }] : [];
  });

export const tapChecks: readonly KindCheck[] = [recipients];
