// The analyst's page in a real browser: Debian's Chromium driven by playwright-core, against the
// real service process (node dist/server/main.js on a free loopback port). It picks 2024 and
// filters to high-weight activities, opens the 2023 → 2024 diff and finds IA_MVP added, reads the
// 2019 → 2020 diff's weight grids and a rule's conditions before and after, scores two high
// activities (40 points, each with its reason) and previews the same case as a QPP submission in
// the same result area, wheels over the matrix (no blank screen) and opens an activity's history,
// runs an impact, opens unknown addresses, and lays the page out at 1024 px; then the API docs at
// /docs (Redoc) render the document; screenshots of each view go to test/artifacts/. Any console error, page error or failed request fails the test.
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
    // A rule's details: its conditions and event as text (engine/diff/rule-text.ts, as in the diff).
    await page.locator('button.param', { hasText: 'apm-half-credit' }).click();
    await expect.poll(() => page.locator('.card.detail dd code').allTextContents()).toEqual([
      'apmParticipation in (mipsApm, otherApm) AND reportingOption ≠ app AND (iaDataSubmitted = true OR (qualityStatus = submitted AND piStatus = submitted)) AND (euc = false OR iaDataSubmitted = true)',
      'minimumPoints(basis: apmCredit, parameter: credits.apmFloorPoints)',
    ]);
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
    // The counts agree with the lists: 1 modified in content (IA_PSPA_16), 101 program lists apart.
    const stat = (label: string) => page.locator('ul.stats li', { hasText: label }).locator('strong').textContent();
    expect([await stat('modified'), await stat('program lists changed'), await stat('renumbered')]).toEqual(['1', '101', '0']);
    expect(await page.locator('section.card h3', { hasText: 'Activities modified' }).textContent()).toBe('Activities modified (1)');
    expect(await page.locator('details.card summary').textContent()).toBe('101 activities with their MVP/program lists changed');
    await shot('diff');
  });

  it('diff view: weight tables as grids with the changed cells marked; a changed rule\'s conditions before and after (2019 → 2020)', async () => {
    await page.locator('#diff-from').selectOption('2019');
    await page.locator('#diff-to').selectOption('2020');
    await expect.poll(() => page.locator('#diff-title').textContent()).toBe('What changed from 2019 to 2020');
    const row = page.locator('table.params > tbody > tr', { has: page.locator('th', { hasText: /^categoryWeights\.traditional$/ }) });
    await row.waitFor();
    const grids = row.locator('table.weights');
    expect(await grids.count()).toBe(2);
    // The "quality reweighted" row: IA 40 → 15 and PI 45 → 70 (42 CFR 414.1380(c)(2)(ii)); cost stays 15.
    const cells = (grid: number) => grids.nth(grid).locator('tbody tr', { has: page.locator('th', { hasText: /^quality$/ }) }).locator('td');
    expect(await cells(0).allTextContents()).toEqual(['0', '15', '40', '45']);
    expect(await cells(1).allTextContents()).toEqual(['0', '15', '15', '70']);
    const marked = async (grid: number) => Promise.all((await cells(grid).all()).map(async (td) => (await td.getAttribute('class'))?.includes('changed') ?? false));
    expect(await marked(0)).toEqual([false, false, true, true]);
    expect(await marked(1)).toEqual([false, false, true, true]);
    const rule = page.locator('ul.rule-changes > li', { hasText: 'apm-half-credit' });
    expect(await rule.locator('table.rule-parts thead th').allTextContents()).toEqual(['2019', '2020']);
    expect(await rule.locator('table.rule-parts tbody tr').allTextContents()).toEqual([
      'conditionsapmParticipation = otherApm AND (euc = false OR iaDataSubmitted = true)apmParticipation = otherApm AND submittedCategoryCount ≥ 1 AND (euc = false OR iaDataSubmitted = true)',
    ]);
    expect(await page.locator('ul.rule-changes > li', { hasText: 'cms-study' }).locator('.rule-line').textContent())
      .toBe('when cmsStudy = true → fullCredit(basis: study, parameter: credits.studyScore)');
    await rule.scrollIntoViewIfNeeded();
    await shot('diff-rules');
  });

  it('diff view: 2017 → 2026, the parameters card (five weight tables as grids) stays short', async () => {
    await page.locator('#diff-from').selectOption('2017');
    await page.locator('#diff-to').selectOption('2026');
    await expect.poll(() => page.locator('#diff-title').textContent()).toBe('What changed from 2017 to 2026');
    const card = page.locator('section.card', { has: page.locator('h3', { hasText: /^Parameters \(/ }) });
    await card.locator('table.weights').first().waitFor();
    expect(await card.locator('table.params > tbody > tr').count()).toBe(17); // the parameters that differ, specialStatusHolders among them
    expect((await card.boundingBox())!.height).toBeLessThan(2500); // 4,698 px when the tables were strings; about 2,300 with the units and full references
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
    // One result area: the preview replaced the form's result, and scoring the form replaces it.
    expect(await page.locator('#result-title').textContent()).toBe('QPP score preview');
    expect(await page.locator('[data-testid="points"]').count()).toBe(0);
    expect(await page.locator('table.compare-table').count()).toBe(0);
    await page.locator('.qpp-result').scrollIntoViewIfNeeded();
    await shot('try-qpp');
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="points"]').textContent()).toBe('40');
    expect(await page.locator('.qpp-result').count()).toBe(0);
    expect(await page.locator('#result-title').textContent()).toBe('Result');
  });

  it('across the years: every year a column; IA_MVP added in 2024; its row opens its history', async () => {
    await page.getByRole('link', { name: 'Across years', exact: true }).click();
    const years = (await api<{ years: { year: number }[] }>('/v1/years')).years.map((y) => String(y.year));
    await expect.poll(() => page.locator('table.matrix thead th.year').allTextContents()).toEqual(years);
    await page.locator('#matrix-title').waitFor();
    // Wheeling over the table scrolls the table to its end and never the window into a blank
    // screen: the document is the window's height (it was 4,014 px, stretched by the cells' labels).
    const scroller = page.locator('.table-scroll');
    const box = (await scroller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 600);
    await expect.poll(() => scroller.evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 1)).toBe(true);
    const layout = await page.evaluate(() => ({ doc: document.documentElement.scrollHeight, view: innerHeight, scrollY }));
    expect(layout.doc).toBeLessThanOrEqual(layout.view + 1);
    expect(layout.scrollY).toBe(0);
    const after = (await scroller.boundingBox())!;
    expect([after.y, after.height]).toEqual([box.y, box.height]); // still where it was, in view
    expect(await page.locator('table.matrix tbody tr').last().isVisible()).toBe(true);
    await scroller.evaluate((e) => e.scrollTo(0, 0));
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
    // The draft is validated and checked on a worker first: seconds on a loaded machine, past poll's 1 s default.
    await expect.poll(() => page.locator('.result').textContent(), { timeout: 15_000 }).toContain('2019 → draft.yaml (2020) on 500 submissions');
    expect(await page.locator('table.causes tbody').textContent()).toBe(await page.locator('table.causes tbody tr', { hasText: 'rule cms-study removed in 2020' }).textContent());
    await shot('impact-draft');
  });

  it('unknown addresses: an unknown year or view says so and links to what exists, not to 2026', async () => {
    const years = (await api<{ years: { year: number }[] }>('/v1/years')).years.map((y) => String(y.year));
    await page.goto(`${base}/#/year/1999`);
    await expect.poll(() => page.locator('#not-found-title').textContent()).toBe('No performance year 1999');
    expect(await page.locator('.not-found a').allTextContents()).toEqual(years);
    expect(await page.locator('.not-found a').first().getAttribute('href')).toBe(`#/year/${years[0]}`);
    expect(await page.locator('#inventory-title').count()).toBe(0);
    expect(await page.locator('nav a[aria-current]').count()).toBe(0);
    await page.locator('.not-found a', { hasText: '2024' }).click();
    await expect.poll(() => page.locator('#inventory-title').textContent()).toContain('2024');
    await page.goto(`${base}/#/diff/2024/soon`);
    await expect.poll(() => page.locator('#not-found-title').textContent()).toBe('“soon” is not a performance year');
    expect(await page.locator('.not-found a').last().getAttribute('href')).toBe(`#/diff/2024/${years.at(-1)}`);
    await page.goto(`${base}/#/nonsense`);
    await expect.poll(() => page.locator('#not-found-title').textContent()).toBe('No page at #/nonsense');
    expect(await page.locator('.not-found a').allTextContents()).toEqual(['Year', 'Across years', 'Diff', 'Try it', 'Impact']);
    await shot('not-found');
  });

  it("the Year view's decision table: closed until opened, then a row per class of combinations", async () => {
    await page.goto(`${base}/#/year/2026`);
    await page.locator('table.inventory tbody tr').first().waitFor();
    expect(await page.locator('.decision-table table').count()).toBe(0);
    await page.locator('.decision-table summary').click();
    const rows = page.locator('.decision-table tbody tr');
    await rows.first().waitFor();
    const api = await (await fetch(`${base}/v1/years/2026/decisions`)).json() as { classes: unknown[] };
    expect(await rows.count()).toBe(api.classes.length);
    expect(await page.locator('.decision-table').textContent()).toContain('MULTISPECIALTY_MVP_REQUIRES_SUBGROUPS');
    await shot('decision-table');
  });

  it('at 1024 px: the menu on one line, the Year view\'s MVP column in view', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    try {
      await page.goto(`${base}/#/year/2024`);
      await page.locator('table.inventory tbody tr').first().waitFor();
      const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => { const r = a.getBoundingClientRect(); return { top: r.top, height: r.height }; }));
      expect(new Set(links.map((l) => l.top)).size).toBe(1);
      expect(new Set(links.map((l) => l.height)).size).toBe(1);
      expect(links[0].height).toBeLessThan(40); // one line of text, not two
      const fit = () => page.evaluate(() => {
        const scroller = document.querySelector('.table-scroll')!;
        const mvp = [...document.querySelectorAll('table.inventory thead th')].at(-1)!;
        return { scroll: scroller.scrollWidth - scroller.clientWidth, mvpRight: mvp.getBoundingClientRect().right, right: scroller.getBoundingClientRect().right, mvp: mvp.textContent, page: document.documentElement.scrollWidth };
      });
      const first = await fit();
      expect(first).toMatchObject({ scroll: 0, mvp: 'MVPs', page: 1024 });
      expect(first.mvpRight).toBeLessThanOrEqual(first.right);
      await shot('year-1024');
      // Every year's inventory fits (flags and MVP lists differ by year).
      for (const { year } of (await api<{ years: { year: number }[] }>('/v1/years')).years) {
        await page.locator('#year-select').selectOption(String(year));
        await expect.poll(() => page.locator('#inventory-title').textContent()).toContain(String(year));
        await page.locator('table.inventory tbody tr').first().waitFor();
        expect(await fit(), String(year)).toMatchObject({ scroll: 0, page: 1024 });
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('API docs: /docs renders the document in Redoc (title, operations, a request body\'s schema-local refs), offline, with no console error', async () => {
    const { info } = await api<{ info: { title: string; version: string } }>('/openapi.json');
    const res = await page.goto(`${base}/docs`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe(`${info.title} (${info.version})`);
    expect(await page.locator('body').textContent()).not.toContain('Something went wrong');
    await expect.poll(() => page.locator('[role=menuitem]').count()).toBeGreaterThan(10);
    // POST /v1/score's body (Submission) is drawn through its $defs: a property of one of them shows.
    await page.locator('[role=menuitem]', { hasText: 'Score a' }).first().click();
    await expect.poll(() => page.locator('#operation\\/score td[kind=field]').count()).toBeGreaterThan(0);
    await shot('docs');
  });
});
