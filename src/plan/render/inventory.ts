// The "Not managed by tenantform" block of a tenant: undeclared privileged holders by name, then the counts of the
// other undeclared objects. Unknown parts say so, never 0: a count that failed to read is not an empty tenant.
import type { Inventory, InventoryObject, PrivilegedHolder } from '../types.js';

export const INVENTORY_TITLE = 'Not managed by tenantform';

export function holderText(h: PrivilegedHolder): string {
  return `${h.principal} holds ${h.role}${h.scope === 'directory' ? '' : ` at ${h.scope}`}`;
}

export function countsText(inv: Inventory): string {
  const parts = Object.keys(inv.counts).sort().map((k) => `${inv.counts[k] ?? 'unknown'} ${k}`);
  return `Undeclared: ${parts.join(', ')}`;
}

/** An undeclared privileged holder, or a part unknown: worth a tenant section even when the tenant is in sync. */
export const inventoryNotable = (inv: Inventory | undefined): boolean => (inv?.privileged.length ?? 0) > 0 || (inv?.unknown?.length ?? 0) > 0;

/** Plain lines (no markup): privileged holders, the counts, what is unknown. */
export function inventoryLines(inv: Inventory): string[] {
  const lines = inv.privileged.map((h) => `Privileged: ${holderText(h)}`);
  if (Object.keys(inv.counts).length > 0) lines.push(countsText(inv));
  for (const u of inv.unknown ?? []) lines.push(`Unknown: ${u}`);
  return lines;
}

export function objectText(o: InventoryObject): string {
  return `${o.address}${o.displayName ? ` (${o.displayName})` : ''}${o.privileged ? ' [privileged]' : ''}`;
}
