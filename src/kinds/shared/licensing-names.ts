// Microsoft's published licensing names, checked where a kind's entries name a SKU or a service plan (a user's and a
// group's licenses, the partner's seats). Unknown names are warnings: Microsoft publishes new products before the
// list is refreshed, and the tenant's own subscribed SKUs decide at plan time.
import { SERVICE_PLAN_NAMES, SKU_PART_NUMBERS } from '../../catalog/licensing-names.js';
import type { Issue } from '../../config/kind-spec.js';
import type { LicenseSpec } from '../../config/model.js';
import { closest } from '../../config/suggest.js';

const SKUS = new Set(SKU_PART_NUMBERS.map((s) => s.toLowerCase()));
const PLANS = new Set(SERVICE_PLAN_NAMES.map((s) => s.toLowerCase()));

function unknown(path: string, what: string, hint: string | undefined): Issue {
  const tail = hint ? ` (did you mean "${hint}"?)` : '; check the spelling against the tenant\'s subscribed SKUs';
  return { severity: 'warning', path, message: `${what}${tail}` };
}

export function checkSkuName(name: string, path: string, out: Issue[]): void {
  if (SKUS.has(name.toLowerCase())) return;
  out.push(unknown(path, `SKU "${name}" is not among Microsoft's published product names`, closest(name, SKU_PART_NUMBERS)));
}

function checkPlanName(name: string, path: string, out: Issue[]): void {
  if (PLANS.has(name.toLowerCase())) return;
  out.push(unknown(path, `service plan "${name}" is not among Microsoft's published service plan names`, closest(name, SERVICE_PLAN_NAMES)));
}

/** The SKU and disabled plans of every license in a list at `path` (`users[2].licenses`). */
export function checkLicenseNames(list: readonly LicenseSpec[] | undefined, path: string, out: Issue[]): void {
  list?.forEach((l, j) => {
    checkSkuName(l.sku, `${path}[${j}].sku`, out);
    l.disabledPlans?.forEach((p, k) => checkPlanName(p, `${path}[${j}].disabledPlans[${k}]`, out));
  });
}
