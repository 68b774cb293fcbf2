// TLS for the emulator: at every start a fresh CA and a server certificate it signs for 127.0.0.1 and localhost.
// Stock clients refuse plain-HTTP authorities and bearer tokens over http; with the CA in NODE_EXTRA_CA_CERTS they
// trust the emulator like any service. Keys never leave the process: only the CA certificate is written out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  /** PEM of the CA certificate: what clients must trust. */
  caCert: string;
  /** PEM of the server certificate (signed by the CA) and its private key. */
  cert: string;
  key: string;
}

const VALID_DAYS = 30;

function validity(): { notBeforeDate: Date; notAfterDate: Date } {
  // Real time, not the emulator's clock: clients check the certificate against their own. A little in the past, so
  // that a client whose clock runs slightly behind still accepts it.
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  return { notBeforeDate, notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000) };
}

/** EC P-256 keys: generated in milliseconds, accepted by Node's TLS and every stock SDK. */
export async function generateTlsMaterial(): Promise<TlsMaterial> {
  const ca = await generate([{ name: 'commonName', value: 'tenantform emulator CA' }], {
    keyType: 'ec', algorithm: 'sha256', ...validity(),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec', algorithm: 'sha256', ...validity(), ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { caCert: ca.cert, cert: server.cert, key: server.private };
}

/** Writes the CA certificate where NODE_EXTRA_CA_CERTS (or an SDK's `ca` option) can read it. */
export function writeCaFile(path: string, material: TlsMaterial): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, material.caCert, { mode: 0o644 });
}
