// Whether the customer side of a tenant can be read yet. Partner-side kinds (GDAP relationships, the app's consent)
// are read first when the tenant declares any; while a declared consent is missing the customer cannot be reached
// and the tenant is `pending access`: only the partner-side steps are planned — the consent only once a GDAP
// relationship is active, as the consent call needs it, else the approval it waits for — and the rest is named as
// deferred. Otherwise the plan proceeds as usual and reads every kind, these included, afresh.
import type { Clients } from '../clients/types.js';
import type { TenantConfig } from '../config/model.js';
import type { AccessBlock, Kind } from '../kinds/contract.js';
import type { Diagnostic } from '../plan/types.js';
import { readKinds, type KindRead } from './read.js';

const CONSENT = 'partnerConsent';

export type AccessGate =
  | { pending: false }
  | { pending: true; reads: KindRead[]; diagnostics: Diagnostic[] }
  | { pending: 'unknown'; diagnostics: Diagnostic[] };

const toDiagnostic = (b: AccessBlock): Diagnostic => ({ severity: 'info', summary: b.summary, ...(b.detail ? { detail: b.detail } : {}), address: b.address, ...(b.path ? { path: b.path } : {}) });

export async function gateAccess(config: TenantConfig, clients: Clients, kinds: Kind[], concurrency?: number): Promise<AccessGate> {
  const gated = kinds.filter((k) => k.accessGate && k.select(config).length > 0);
  if (gated.length === 0) return { pending: false };
  const read = await readKinds(config, clients, gated, concurrency);
  if (!read.ok) return { pending: 'unknown', diagnostics: read.diagnostics };
  const blocks = read.reads.flatMap((r) => r.kind.accessGate?.(r.desired, r.result.live) ?? []);
  // tenantform reads the customer as its consented app; GDAP matters only to the consent call. So the customer is
  // out of reach only while a declared consent is missing, and an unapproved relationship then defers the consent.
  if (!blocks.some((b) => !b.defersConsent)) return { pending: false };
  const consentWaits = blocks.some((b) => b.defersConsent);
  const reads = read.reads.filter((r) => !(consentWaits && r.kind.kind === CONSENT));
  const planned = new Set(reads.map((r) => r.kind.kind));
  const deferred = kinds.filter((k) => !planned.has(k.kind) && k.select(config).length > 0).map((k) => k.kind);
  const diagnostics = blocks.map(toDiagnostic);
  if (deferred.length) {
    diagnostics.push({ severity: 'info', summary: `deferred until tenantform can read the customer: ${deferred.join(', ')}`, detail: 'plan again once the steps above are done; tenantform doctor shows what is still missing' });
  }
  return { pending: true, reads, diagnostics };
}
