// The HTML report rendered by a real browser: Debian's chromium driven by playwright-core (no browser download).
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDriftHtml } from '../../src/report/html.js';
import { SEVERITY_PALETTE } from '../../src/report/html-style.js';
import { sampleReport, wideReport } from './fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// The browser is a machine prerequisite, not an npm package: say how to get it rather than let playwright report a
// missing executable. The test is required everywhere, so a CI machine without it fails too (.ci/run installs it).
function missingBrowser(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const how = 'install Debian\'s Chromium with `scripts/install-browser.sh` (as root or through sudo), or set CHROMIUM_PATH';
  return `the drift page test needs Chromium at ${CHROMIUM}: ${how}${process.env.CI ? ' (CI is set: this test is required in CI)' : ''}`;
}

/** Screenshots go where CI keeps them when it says so, else into a fresh temporary folder; never the working tree. */
const SHOTS = process.env.TENANTFORM_ARTIFACTS ? join(process.env.TENANTFORM_ARTIFACTS, 'drift-html') : mkdtempSync(join(tmpdir(), 'tenantform-shots-'));

function writePage(html: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tenantform-html-')), 'drift.html');
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

const rgb = (hex: string): string => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

/** WCAG contrast of two `rgb(r, g, b)` colours, as the browser computes them. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Every table cell whose content is wider than the cell, and every table wider than its box that is not inside a
 * horizontal scroll container; plus every field path that the browser broke over more than one line.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('td, th')) {
      if (cell.scrollWidth > cell.clientWidth) out.push(`cell overflows: ${cell.innerText.slice(0, 40)}`);
    }
    for (const table of document.querySelectorAll<HTMLElement>('table')) {
      const box = table.parentElement as HTMLElement;
      const scrolls = box.classList.contains('scroll') && getComputedStyle(box).overflowX === 'auto';
      if (!scrolls && table.scrollWidth > document.documentElement.clientWidth) out.push(`table wider than the page: ${table.className}`);
    }
    for (const code of document.querySelectorAll<HTMLElement>('td.field code, th')) {
      if (code.getClientRects().length > 1 || code.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(code).lineHeight || '20')) {
        out.push(`word broken: ${code.innerText}`);
      }
    }
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push('the page scrolls sideways');
    return out;
  });
}

describe('drift.html in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const missing = missingBrowser();
    if (missing) throw new Error(missing);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the grid of tenants by status and each drifted field with desired, live and actor', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(writePage(renderDriftHtml(sampleReport())));
    expect(await page.title()).toBe('tenantform drift report');

    const grid = await page.$$eval('#grid [data-tenant]', (cards) =>
      cards.map((c) => ({
        name: c.getAttribute('data-tenant'),
        status: c.getAttribute('data-status'),
        label: (c.querySelector('.status') as HTMLElement).innerText.trim(),
        kinds: (c.querySelector('.kinds') as HTMLElement).innerText.trim(),
        visible: (c as HTMLElement).offsetWidth > 0,
      })),
    );
    expect(grid).toEqual([
      { name: 'fabrikam', status: 'unlinked', label: 'UNLINKED', kinds: '', visible: true },
      { name: 'woodgrove', status: 'unlinked', label: 'UNLINKED', kinds: '', visible: true },
      { name: 'contoso', status: 'drifted', label: 'DRIFTED', kinds: '2 group, 3 user', visible: true },
      { name: 'northwind', status: 'in_sync', label: 'IN SYNC', kinds: 'no drift', visible: true },
    ]);

    const row = await page.$eval('tbody[data-address="user:alice@contoso.com"] tr[data-field="jobTitle"]', (tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()),
    );
    expect(row).toEqual(['user:alice@contoso.com users.yaml:4', 'jobTitle', '"Controller"', '"Analyst"', 'admin@contoso.com at 2026-11-21T08:15:00Z (Update user)']);
    expect(await page.$eval('#t-contoso .accepted', (ul) => (ul as HTMLElement).innerText)).toContain('set by HR system (until 2027-06-30)');
    expect(await page.content()).not.toContain('hunter2');
    expect(external).toEqual([]);
    await page.close();
  });

  it('renders an object still to create as one "pending create" row with its YAML link, never its fields', async () => {
    const page = await browser.newPage();
    await page.goto(writePage(renderDriftHtml(sampleReport())));
    const dana = await page.$eval('tbody[data-address="user:dana@contoso.com"]', (tbody) => ({
      drift: tbody.getAttribute('data-drift'),
      rows: [...tbody.querySelectorAll('tr:not(.fix)')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
      fields: tbody.querySelectorAll('[data-field]').length,
      href: tbody.querySelector('a.yaml')?.getAttribute('href'),
      fix: (tbody.querySelector('tr.fix') as HTMLElement).innerText.trim(),
    }));
    expect(dana).toEqual({
      drift: 'missing',
      rows: [['user:dana@contoso.com users.yaml:12', '—', 'pending create "Dana Dahl", 2 fields to set', 'pending: declared, not yet applied']],
      fields: 0,
      href: 'tenants/contoso/users.yaml#L12',
      fix: 'How to fix: apply creates it (tenantform apply); or remove it from the YAML if it should not exist.',
    });
    expect(await page.content()).not.toContain('passwordProfile');
    const hrefs = await page.$$eval('#t-contoso a.yaml', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([
      'tenants/contoso/users.yaml#L12',
      'tenants/contoso/users.yaml#L4',
      'tenants/contoso/groups.yaml#L2',
      'tenants/contoso/users.yaml#L20',
      'tenants/contoso/groups.yaml#L9',
    ]);
    const fix = await page.$eval('tbody[data-address="user:alice@contoso.com"] tr.fix code.snippet', (c) => (c as HTMLElement).innerText);
    expect(fix).toBe('- { address: "user:alice@contoso.com", fields: ["jobTitle"], reason: "why the live value is right" }');
    await page.close();
  });

  it('links the YAML into the commit on GitHub when given', async () => {
    const page = await browser.newPage();
    const links = { github: { server: 'https://github.example.com', repository: 'tailspin/estate', sha: 'abc123' } };
    await page.goto(writePage(renderDriftHtml(sampleReport(), { links })));
    expect(await page.$eval('tbody[data-address="user:alice@contoso.com"] a.yaml', (a) => a.getAttribute('href'))).toBe(
      'https://github.example.com/tailspin/estate/blob/abc123/tenants/contoso/users.yaml#L4',
    );
    await page.close();
  });

  for (const width of [1280, 390]) {
    it(`at ${width} px: severities in their own colours, no cell overflowing, no word broken; screenshot saved`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(writePage(renderDriftHtml(wideReport())));
      const severities = await page.$$eval('.diag', (ps) =>
        ps.map((p) => ({ severity: p.getAttribute('data-severity'), color: getComputedStyle(p).color, background: getComputedStyle(p).backgroundColor })),
      );
      const seen = new Map(severities.map((s) => [s.severity, s]));
      expect([...seen.keys()].sort()).toEqual(['error', 'info', 'warning']);
      for (const [severity, p] of Object.entries(SEVERITY_PALETTE)) {
        expect(seen.get(severity)).toEqual({ severity, color: rgb(p.text), background: rgb(p.background) });
        expect(contrast(rgb(p.text), rgb(p.background))).toBeGreaterThanOrEqual(4.5);
      }
      expect(new Set([...seen.values()].map((s) => s.color)).size).toBe(3);

      expect(await layoutProblems(page)).toEqual([]);
      const department = await page.$eval('tr[data-field="department"] td.desired', (td) => (td as HTMLElement).innerText);
      expect(department).toBe('"Corporate Finance, Treasury and Investor Relations"');

      const shot = join(SHOTS, `drift-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(1000);
      await page.close();
    });
  }
});
