// Seat changes under Microsoft's new-commerce rules, through the commands against the emulator over HTTP:
// - an increase is allowed at any time and billed, prorated, for the rest of the term;
// - a decrease is allowed only within the cancellation window, 7 days (168 hours) after purchase or renewal.
// https://learn.microsoft.com/en-us/partner-center/customers/new-commerce-cancellation-policy
// Term, cycle and dates are the Subscription resource's properties:
// https://learn.microsoft.com/en-us/partner-center/developer/subscription-resources
// The plan's time is pinned through the CLI's `now`, so a verdict never depends on the day the test runs; the
// emulator reads the real clock, against which the seeded dates lie years in the past or are stamped at first read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { SeedCustomerSubscription } from '../../src/emulator/seed.js';
import type { Plan } from '../../src/plan/types.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { callAs as call } from '../support/http.js';
import { CONTOSO, PARTNER } from '../support/seed.js';

const PC = 'https://api.partnercenter.microsoft.com' as const;

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const E3_OFFER = { offerName: 'Microsoft 365 E3', offerId: 'CFQ7TTC0LFLZ:0001', skuPartNumber: 'SPE_E3', quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' };

/** The kit's world with Contoso holding one E3 subscription of 5 seats. */
async function world(sub: Partial<SeedCustomerSubscription>): Promise<RunningEmulator> {
  const s = cliEstate();
  const customer = s.partner!.customers!.find((c) => c.tenantId === CONTOSO)!;
  customer.subscriptions = [{ ...E3_OFFER, ...sub }];
  emu = await startEmulator({ seed: s });
  return emu;
}

const folder = (quantity: number) => workDir([contoso({ partner: { seats: [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity }] } })]);

/** The CLI's deps with the plan's clock pinned (or real when `at` is absent). */
function pinned(at?: string, color = false) {
  const c = cli();
  if (at) c.deps.now = () => new Date(at);
  c.deps.color = color;
  return c;
}

const seatsOf = (e: RunningEmulator): number | undefined =>
  e.state.partner?.customers.find((c) => c.tenantId === CONTOSO)?.subscriptions?.[0]?.quantity;

describe('seat changes follow new-commerce rules', () => {
  it('marks an increase billable in text (warning colour on a terminal), markdown and json; apply converges', async () => {
    const e = await world({ creationDate: '2026-03-02T10:00:00Z' });
    const w = folder(10);
    const planFile = join(w.root, 'plan.json');
    const text = pinned('2026-06-01T00:00:00Z');
    expect(await runPlan({ dir: w.dir, emulator: e.url, out: planFile, detailedExitcode: true }, text.deps)).toBe(2);
    const billable = 'Billable: +5 seats, billable for the rest of the P1Y term ending 2027-03-01, billed monthly';
    expect(text.out()).toContain(`  ~ seats:SPE_E3\n      ~ quantity: 5 -> 10\n      ! ${billable}\n`);

    const tty = pinned('2026-06-01T00:00:00Z', true);
    await runPlan({ dir: w.dir, emulator: e.url }, tty.deps);
    expect(tty.out()).toContain(`\x1b[33m! ${billable}\x1b[39m`);

    const md = pinned('2026-06-01T00:00:00Z');
    await runPlan({ dir: w.dir, emulator: e.url, format: 'markdown' }, md.deps);
    expect(md.out()).toContain('> [!WARNING]\n> **Billable: 1 seat increase** — billed, prorated, for the rest of each term:\n');
    expect(md.out()).toContain(`> - \`contoso\`: \`seats:SPE_E3\` +5 seats, billable for the rest of the P1Y term ending 2027-03-01, billed monthly`);
    expect(md.out()).toContain(`!     quantity: 5 -> 10\n!     ${billable}\n`);

    const json = pinned('2026-06-01T00:00:00Z');
    await runPlan({ dir: w.dir, emulator: e.url, format: 'json' }, json.deps);
    const change = (JSON.parse(json.out()) as Plan).tenants[0]?.changes.find((c) => c.kind === 'seats');
    expect(change?.billing).toEqual({ delta: 5, billable: true, termDuration: 'P1Y', billingCycle: 'monthly', commitmentEndDate: '2027-03-01T00:00:00Z' });

    // Increases pass Partner Center at any time, long after the cancellation window of 2026-03-09 closed.
    const a = pinned('2026-06-01T00:00:00Z');
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: e.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(seatsOf(e)).toBe(10);
    const again = pinned('2026-06-01T00:00:00Z');
    expect(await runPlan({ dir: w.dir, emulator: e.url, detailedExitcode: true }, again.deps)).toBe(0);
  });

  it('refuses at plan time a decrease after the cancellation window, naming when it closed and what to do', async () => {
    const e = await world({ creationDate: '2026-01-05T09:00:00Z' });
    const w = folder(3);
    const p = pinned('2026-06-01T00:00:00Z');
    expect(await runPlan({ dir: w.dir, emulator: e.url, detailedExitcode: true }, p.deps)).toBe(1);
    expect(p.out()).toContain('Error: seats for SPE_E3: lowering 5 to 3 is refused: the cancellation window closed on 2026-01-12 09:00 UTC');
    expect(p.out()).toContain('Keep 5 seats until the P1Y term ends on 2027-01-04, then lower the quantity within 7 days of the renewal;');
    expect(p.out()).toContain('schedule the smaller quantity for the next term, or turn autoRenewEnabled off');
    expect(p.out()).not.toContain('~ seats:SPE_E3');
    expect(seatsOf(e)).toBe(5);
  });

  it('a renewal reopens the window: the same decrease plans inside it', async () => {
    const e = await world({ creationDate: '2025-01-05T09:00:00Z', renewalDate: '2026-01-05T09:00:00Z' });
    const p = pinned('2026-01-08T00:00:00Z');
    expect(await runPlan({ dir: folder(3).dir, emulator: e.url, detailedExitcode: true }, p.deps)).toBe(2);
    expect(p.out()).toContain('! Note: -2 seats, allowed until 2026-01-12 09:00 UTC (the cancellation window after purchase or renewal); the P1Y term ending 2027-01-04, billed monthly');
  });

  it('apply re-plans at its own time: a plan made inside the window is refused once it closed', async () => {
    const e = await world({ creationDate: '2026-01-05T09:00:00Z' });
    const w = folder(3);
    const planFile = join(w.root, 'plan.json');
    expect(await runPlan({ dir: w.dir, emulator: e.url, out: planFile }, pinned('2026-01-08T00:00:00Z').deps)).toBe(0);
    // Applied today: every day this test can run is after 2026-01-12.
    const log = join(w.root, 'apply.jsonl');
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: e.url, autoApprove: true, log }, pinned().deps)).toBe(1);
    expect(readFileSync(log, 'utf8')).toContain('planning contoso now fails: seats for SPE_E3: lowering 5 to 3 is refused: the cancellation window closed on 2026-01-12 09:00 UTC; nothing was applied');
    expect(seatsOf(e)).toBe(5);
  });

  it('the emulated Partner Center refuses a PATCH lowering seats after the window and takes an increase', async () => {
    const e = await world({ creationDate: '2026-01-05T09:00:00Z' });
    const path = `/v1/customers/${CONTOSO}/subscriptions`;
    const sub = (await call(e.url, PARTNER, PC, 'GET', path)).body.items[0];
    expect(sub).toMatchObject({
      termDuration: 'P1Y', billingCycle: 'monthly', creationDate: '2026-01-05T09:00:00Z', effectiveStartDate: '2026-01-05T09:00:00.000Z',
      commitmentEndDate: '2027-01-04T00:00:00Z', cancellationAllowedUntilDate: '2026-01-12T09:00:00.000Z',
    });
    const low = await call(e.url, PARTNER, PC, 'PATCH', `${path}/${sub.id}`, { ...sub, quantity: 3 });
    expect(low.status).toBe(400);
    expect(low.body).toMatchObject({ errorName: 'CancellationWindowClosed' });
    expect(low.body.description).toContain('the cancellation window closed at 2026-01-12T09:00:00.000Z');
    const up = await call(e.url, PARTNER, PC, 'PATCH', `${path}/${sub.id}`, { ...sub, quantity: 8 });
    expect(up.status).toBe(200);
    expect(seatsOf(e)).toBe(8);
  });

  it('plans and applies a decrease inside the window, and then plans no changes', async () => {
    // No creation date in the seed: the emulator stamps the purchase at its first read, so the window is open.
    const e = await world({});
    const w = folder(3);
    const planFile = join(w.root, 'plan.json');
    const p = pinned();
    expect(await runPlan({ dir: w.dir, emulator: e.url, out: planFile, detailedExitcode: true }, p.deps)).toBe(2);
    expect(p.out()).toMatch(/! Note: -2 seats, allowed until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(the cancellation window after purchase or renewal\); the P1Y term ending \d{4}-\d{2}-\d{2}, billed monthly/);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    expect(plan.tenants[0]?.changes[0]?.billing).toMatchObject({ delta: -2, billable: false, termDuration: 'P1Y', billingCycle: 'monthly' });
    expect(await runApply({ plan: planFile, dir: w.dir, emulator: e.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, pinned().deps)).toBe(0);
    expect(seatsOf(e)).toBe(3);
    expect(await runPlan({ dir: w.dir, emulator: e.url, detailedExitcode: true }, pinned().deps)).toBe(0);
  });
});
