// The drift report's "Not managed by tenantform" part of a tenant: undeclared privileged holders by name, then every
// undeclared object per collection (drift reads them in full), privileged ones first, in markdown and HTML.
import { holderText, INVENTORY_TITLE, inventoryLines, objectText } from '../plan/render/inventory.js';
import type { Inventory } from '../plan/types.js';
import type { DriftTenant } from './types.js';

/** Whether the tenant has anything undeclared to show, or a part of it is unknown. */
export function hasInventory(t: DriftTenant): boolean {
  const inv = t.inventory;
  if (!inv) return false;
  return inv.privileged.length > 0 || (inv.unknown?.length ?? 0) > 0 || Object.values(inv.objects ?? {}).some((l) => l.length > 0);
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

export function* inventoryMarkdown(inv: Inventory, escape: (s: string) => string): Generator<string> {
  yield `**${INVENTORY_TITLE}**`;
  yield '';
  for (const line of inventoryLines(inv)) yield `- ${escape(line)}`;
  yield '';
  for (const [collection, objects] of Object.entries(inv.objects ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (objects.length === 0) continue;
    yield `<details><summary>Undeclared ${escape(collection)} (${objects.length})</summary>`;
    yield '';
    for (const o of objects) yield `- ${code(o.address)}${o.displayName ? ` ${escape(o.displayName)}` : ''}${o.privileged ? ' **privileged**' : ''}`;
    yield '';
    yield '</details>';
    yield '';
  }
}

export function* inventoryHtml(inv: Inventory, e: (s: string) => string): Generator<string> {
  yield `<h3>${INVENTORY_TITLE}</h3><ul class="inventory">`;
  for (const h of inv.privileged) yield `<li class="warning"><b>Privileged</b>: ${e(holderText(h))}</li>`;
  for (const u of inv.unknown ?? []) yield `<li class="warning">Unknown: ${e(u)}</li>`;
  yield '</ul>';
  for (const [collection, objects] of Object.entries(inv.objects ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (objects.length === 0) continue;
    yield `<details><summary>Undeclared ${e(collection)} (${objects.length})</summary><ul class="inventory">`;
    for (const o of objects) yield `<li>${e(objectText(o))}</li>`;
    yield '</ul></details>';
  }
}
