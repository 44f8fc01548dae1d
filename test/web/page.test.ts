// The analyst's page in a real browser: Debian's Chromium driven by playwright-core, against the
// real service process (node dist/server/main.js on a free loopback port). It picks 2024 and
// filters to high-weight activities, opens the 2023 → 2024 diff and finds IA_MVP added, scores
// two high activities (40 points, each with its reason) and previews the same case as a QPP
// submission, opens an activity's history in the matrix, runs an impact; screenshots of each
// view go to test/artifacts/. Any console error, page error or failed request fails the test.
// Without Chromium it is skipped, and the run says so (chromium.ts); under CI it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../engine/paths.js';
import { CHROMIUM, chromiumFound, chromiumRequired, REQUIRED_MESSAGE } from './chromium.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(packageRoot, 'test', 'artifacts');
const main = join(packageRoot, 'dist/server/main.js');

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let base = '';
const problems: string[] = [];

/** The service on a free loopback port; resolves with its base URL once it logs that it listens. */
function startServer(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      cwd: packageRoot,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the service did not start in 15 s:\n${err}`)), 15_000);
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const entry = JSON.parse(line) as { event?: string; port?: number };
        if (entry.event === 'listening') {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${entry.port}`);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before listening:\n${err}`));
    });
  });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const api = async <T>(path: string): Promise<T> => (await fetch(`${base}${path}`)).json() as Promise<T>;

describe.skipIf(!chromiumFound && !chromiumRequired)('the analyst page', () => {
  beforeAll(async () => {
    if (!chromiumFound) throw new Error(REQUIRED_MESSAGE);
    mkdirSync(ARTIFACTS, { recursive: true });
    base = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }, 120_000);

  afterEach(() => {
    // Every step ends without a console error, page error or failed request.
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('is served at / with a same-origin-only Content-Security-Policy; the API keeps working beside it', async () => {
    const res = await page.goto(`${base}/`);
    expect(res?.status()).toBe(200);
    const csp = res!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await api<{ years: unknown[] }>('/v1/years')).years.length).toBeGreaterThan(0);
    // The first Tab reaches the view links, in order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('/v1 API');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Year');
  });

  it('year view: pick 2024, filter to high-weight activities, see a parameter with its reference', async () => {
    await page.locator('#year-select').selectOption('2024');
    await expect.poll(() => page.locator('#inventory-title').textContent()).toContain('2024');
    await page.locator('#filter-weight').selectOption('high');
    const high = await api<{ count: number }>('/v1/years/2024/activities?weight=high');
    const total = await api<{ count: number }>('/v1/years/2024/activities');
    await expect.poll(() => page.locator('table.inventory tbody tr').count()).toBe(high.count);
    expect(await page.locator('.filters .count').textContent()).toBe(`${high.count} of ${total.count}`);
    const weights = await page.locator('table.inventory tbody td:nth-child(4)').allTextContents();
    expect(new Set(weights)).toEqual(new Set(['high']));
    const headers = await page.locator('table.inventory thead th').allTextContents();
    expect(headers).toEqual(['ID', 'Title', 'Subcategory', 'Weight', 'Flags', 'MVPs']);
    const share = page.locator('button.param', { hasText: 'groupActivityMinShare' });
    expect(await share.getAttribute('title')).toContain('42 CFR 414.1360(a)(2)');
    await share.click();
    await expect.poll(() => page.locator('.card.detail').textContent()).toContain('42 CFR 414.1360(a)(2)');
    await shot('year');
  });

  it('diff view: 2023 → 2024 lists IA_MVP among the activities added', async () => {
    await page.getByRole('link', { name: 'Diff', exact: true }).click();
    await page.locator('#diff-from').selectOption('2023');
    await page.locator('#diff-to').selectOption('2024');
    await expect.poll(() => page.locator('#diff-title').textContent()).toBe('What changed from 2023 to 2024');
    const added = page.locator('section.card', { hasText: 'Activities added' });
    await expect.poll(() => added.locator('tbody th').allTextContents()).toContain('IA_MVP');
    expect(await added.locator('tr', { hasText: 'IA_MVP' }).textContent()).toContain('Practice-Wide Quality Improvement in MIPS Value Pathways');
    expect(await page.locator('section.card', { hasText: 'Activities removed' }).locator('tbody th').allTextContents()).toEqual(['IA_BMH_6', 'IA_BMH_13', 'IA_PSPA_29']);
    await shot('diff');
  });

  it('try it: two high activities of 2024 score 40 points, each with its reason; the rules with their references; every year as a chart', async () => {
    await page.getByRole('link', { name: 'Try it', exact: true }).click();
    expect(await page.locator('#try-year').inputValue()).toBe('2024'); // carried over from the year view
    const search = page.locator('#activity-search');
    await search.fill('IA_EPA_1');
    await expect.poll(() => page.locator('button.pick').first().textContent()).toContain('IA_EPA_1');
    await search.press('Enter'); // the first match, by keyboard
    await search.fill('IA_PM_2');
    await page.locator('button.pick', { hasText: /IA_PM_2\s*high/ }).click();
    expect(await page.locator('ul.picked li code').allTextContents()).toEqual(['IA_EPA_1', 'IA_PM_2']);
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="points"]').textContent()).toBe('40');
    const rows = page.locator('table.result-activities tbody tr');
    expect(await rows.count()).toBe(2);
    for (const [i, id] of ['IA_EPA_1', 'IA_PM_2'].entries()) {
      expect(await rows.nth(i).locator('th').textContent()).toBe(id);
      expect(await rows.nth(i).locator('td.num').textContent()).toBe('20');
      expect(await rows.nth(i).locator('td.reason').textContent()).toMatch(/^counted: a high activity earns 20 points under standard-points/);
    }
    expect(await page.locator('ol.rules').textContent()).toContain('42 CFR 414.1380(b)(3)');
    const years = (await api<{ years: { year: number }[] }>('/v1/years')).years;
    await page.locator('.compare .chart canvas').first().waitFor();
    expect(await page.locator('table.compare-table tbody tr').count()).toBe(years.length);
    await shot('try');
  });

  it('try it: the same case pasted as a QPP submission previews 15 final-score points', async () => {
    await page.locator('details.qpp summary').click();
    await page.getByRole('button', { name: 'Fill from the form' }).click();
    expect(JSON.parse(await page.locator('#qpp-text').inputValue())).toMatchObject({ performanceYear: 2024, measurementSets: [{ category: 'ia', measurements: [{ measureId: 'IA_EPA_1' }, { measureId: 'IA_PM_2' }] }] });
    await page.getByRole('button', { name: 'Preview the QPP score' }).click();
    await expect.poll(() => page.locator('.qpp-result').textContent()).toMatch(/^15 final-score points from IA \(Scoring based on weight of 15%\.\); IA score 40 of 40/);
    await page.locator('.qpp-result').scrollIntoViewIfNeeded();
    await shot('try-qpp');
  });

  it('across the years: every year a column; IA_MVP added in 2024; its row opens its history', async () => {
    await page.getByRole('link', { name: 'Across years', exact: true }).click();
    const years = (await api<{ years: { year: number }[] }>('/v1/years')).years.map((y) => String(y.year));
    await expect.poll(() => page.locator('table.matrix thead th.year').allTextContents()).toEqual(years);
    await page.locator('#matrix-title').waitFor();
    const row = page.locator('table.matrix tbody tr', { has: page.locator('th', { hasText: /^IA_MVP$/ }) });
    const cell = row.locator('td.cell').nth(years.indexOf('2024'));
    expect(await cell.getAttribute('class')).toContain('c-added');
    expect(await cell.getAttribute('title')).toBe('2024: high (added)');
    await row.locator('th button').click(); // the row's own button, as a keyboard user would
    await expect.poll(() => page.locator('aside .card.detail h2').textContent()).toBe('IA_MVP');
    await expect.poll(() => page.locator('aside .card.detail').textContent()).toContain('2024added to the inventory');
    await row.scrollIntoViewIfNeeded();
    await shot('matrix');
    await page.locator('input[type="search"]').fill('IA_PM_2');
    await page.locator('table.matrix tbody tr', { has: page.locator('th', { hasText: /^IA_PM_2$/ }) }).locator('td.title').click();
    const history = page.locator('aside .card.detail');
    await expect.poll(() => history.locator('h2').textContent()).toBe('IA_PM_2');
    await expect.poll(() => history.textContent()).toContain('added to the inventory');
    expect(await history.textContent()).toContain('weight high → unweighted');
    await shot('matrix-history');
  });

  it('impact: 2019 → 2020 over a generated corpus: the histogram and the group threshold as the top cause', async () => {
    await page.getByRole('link', { name: 'Impact', exact: true }).click();
    await page.locator('#impact-from').selectOption('2019');
    await page.locator('#impact-to').selectOption('2020');
    await page.getByLabel('Submissions', { exact: true }).fill('500');
    await page.getByRole('button', { name: 'Run the impact' }).click();
    await page.locator('table.causes').waitFor();
    expect(await page.locator('.result').textContent()).toContain('2019 → 2020 on 500 submissions');
    expect(await page.locator('table.causes tbody tr').first().textContent()).toContain('thresholds.groupActivityMinShare 0 → 0.5');
    await page.locator('.result .chart canvas').first().waitFor();
    await shot('impact');
    // A draft pack, pasted, against the year it extends.
    await page.getByLabel('to a draft pack').check();
    await page.locator('#draft-text').fill('year: 2020\nextends: 2019\ntitle: What if the study had ended in 2020?\nsources: { whatIf: { citation: "an analyst\'s question" } }\nrules:\n  cms-study: null\n');
    await page.getByRole('button', { name: 'Run the impact' }).click();
    await expect.poll(() => page.locator('.result').textContent()).toContain('2019 → draft.yaml (2020) on 500 submissions');
    expect(await page.locator('table.causes tbody').textContent()).toBe(await page.locator('table.causes tbody tr', { hasText: 'rule cms-study removed in 2020' }).textContent());
    await shot('impact-draft');
  });
});
