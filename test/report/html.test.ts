// The HTML report rendered by a real browser: Debian's chromium driven by playwright-core (no browser download).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDriftHtml } from '../../src/report/html.js';
import { sampleReport } from './fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// The browser is a machine prerequisite, not an npm package: say how to get it rather than let playwright report a
// missing executable. The test is required everywhere, so a CI machine without it fails too (.ci/run installs it).
function missingBrowser(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const how = 'install Debian\'s Chromium with `scripts/install-browser.sh` (as root or through sudo), or set CHROMIUM_PATH';
  return `the drift page test needs Chromium at ${CHROMIUM}: ${how}${process.env.CI ? ' (CI is set: this test is required in CI)' : ''}`;
}

describe('drift.html in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const missing = missingBrowser();
    if (missing) throw new Error(missing);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the grid of tenants by status and each drifted field with desired, live and actor', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tenantform-html-')), 'drift.html');
    writeFileSync(file, renderDriftHtml(sampleReport()));
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
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

    const row = await page.$eval('tr[data-address="user:alice@contoso.com"][data-field="jobTitle"]', (tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()),
    );
    expect(row).toEqual(['user:alice@contoso.com', 'jobTitle', '"Controller"', '"Analyst"', 'admin@contoso.com at 2026-11-21T08:15:00Z (Update user)']);
    expect(await page.$eval('#t-contoso .accepted', (ul) => (ul as HTMLElement).innerText)).toContain('set by HR system (until 2027-06-30)');
    expect(await page.content()).not.toContain('hunter2');
    expect(external).toEqual([]);
    await page.close();
  });
});
