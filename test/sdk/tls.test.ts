// `tenantform emulator --tls` and startEmulator({ tls: true }): HTTPS on 127.0.0.1 with a server certificate signed by
// a CA generated at start, the CA written where NODE_EXTRA_CA_CERTS can read it, and nothing trusted by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runEmulator, type EmulatorFlags } from '../../src/cli/emulator.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { seed } from './kit.js';
import { CONTOSO } from '../support/seed.js';

const flags = (o: Partial<EmulatorFlags>): EmulatorFlags => ({ port: 0, latency: 0, replicationDelay: 0, throttling: true, ...o });

function peerCertificate(url: string, ca: string): Promise<X509Certificate> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerX509Certificate() as X509Certificate);
      socket.end();
    });
    socket.on('error', reject);
  });
}

let dir: string;
let emu: RunningEmulator;
const lines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tf-tls-'));
  writeFileSync(join(dir, 'seed.yaml'), stringify(seed()));
  emu = await runEmulator(flags({ seed: join(dir, 'seed.yaml'), state: join(dir, 'state.json'), tls: true }), (l) => lines.push(l));
});
afterAll(async () => emu?.close());

describe('tenantform emulator --tls', () => {
  // nodejs.org/api/cli.html (NODE_EXTRA_CA_CERTS=file): the file holds PEM certificates added to the trusted roots.
  it('names the CA file beside the state file first, then prints the https readiness line', () => {
    const ca = join(dir, 'emulator-ca.pem');
    expect(lines).toEqual([`CA certificate written to ${ca}: trust it with NODE_EXTRA_CA_CERTS=${ca}`, `listening on ${emu.url}`]);
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(ca, 'utf8')).toBe(emu.caCert);
  });

  // RFC 5280 (basicConstraints cA, subjectAltName iPAddress/dNSName) as node:crypto's X509Certificate checks them.
  it('serves a certificate for 127.0.0.1 and localhost that the written CA issued', async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'emulator-ca.pem')));
    const cert = await peerCertificate(emu.url, ca.toString());
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
  });

  // nodejs.org/api/tls.html: without `ca` or NODE_EXTRA_CA_CERTS only the bundled roots are trusted.
  it('is not trusted without the CA: a client that lacks it refuses the connection', async () => {
    const err = (await fetch(`${emu.url}/${CONTOSO}/v2.0/.well-known/openid-configuration`).catch((e: Error) => e)) as Error & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(Error);
    expect(err.cause?.code).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  });

  // OpenID Connect Discovery 1.0 (token_endpoint), which MSAL reads before it asks for a token.
  it('advertises https endpoints in its OpenID configuration', async () => {
    // The `ca` option of node:https is the per-request alternative to NODE_EXTRA_CA_CERTS.
    const body = await new Promise<string>((resolve, reject) => {
      get(`${emu.url}/${CONTOSO}/v2.0/.well-known/openid-configuration`, { ca: emu.caCert }, (res) => {
        let raw = '';
        res.on('data', (c: Buffer) => (raw += c.toString()));
        res.on('end', () => resolve(raw));
      }).on('error', reject);
    });
    expect((JSON.parse(body) as { token_endpoint: string }).token_endpoint).toBe(`${emu.url}/${CONTOSO}/oauth2/v2.0/token`);
  });

  // The emulator's own flags (README "The emulator"): a fresh CA at every start.
  it('writes the CA where --ca-out says, and refuses --ca-out without --tls', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tf-tls-')), 'nested', 'ca.pem');
    const other = await runEmulator(flags({ seed: join(dir, 'seed.yaml'), tls: true, caOut: out }), () => undefined);
    try {
      expect(readFileSync(out, 'utf8')).toBe(other.caCert);
      expect(other.caCert).not.toBe(emu.caCert);
    } finally {
      await other.close();
    }
    await expect(runEmulator(flags({ seed: join(dir, 'seed.yaml'), caOut: out }), () => undefined)).rejects.toThrow(/--ca-out needs --tls/);
  });
});
