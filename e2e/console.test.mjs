// End-to-end test of the planner console: the real demo (embedded Kafka, registry, pipeline, HTTP
// service and simulated feed), the real page in headless Chromium, figures compared with the query
// API, and a new order published with `./demandflow publish` showing up without a reload.
//
//   cd e2e && npm ci && npm test        (needs Java 17 and Debian's chromium; see docs/console.md)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDemo, launchChromium, runDemandflow } from './demo.mjs';

let demo;
let browser;
let page;
const pageErrors = [];
const requests = [];

before(async () => {
  // A slow feed (5 events/s) so that the page and the API agree between two events often enough
  // to compare them; --duration is a safety net if this process dies without stopping the demo.
  demo = await startDemo(['--rate', '5', '--duration', 'PT6M']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', error => pageErrors.push(error.message));
  page.on('request', request => requests.push(request.url()));
  await page.goto(demo.consoleUrl);
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Retries `check` until it passes or `timeoutMs` is over; then throws its last failure. */
async function eventually(check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }
}

/** Waits until the page has completed one more refresh than now. */
async function nextRefresh() {
  const done = await page.evaluate(() => Number(document.body.dataset.refreshes || 0));
  await page.waitForFunction(n => Number(document.body.dataset.refreshes || 0) > n, done,
    { timeout: 20_000 });
}

async function api(pathAndQuery) {
  const response = await fetch(new URL(pathAndQuery, demo.consoleUrl));
  assert.equal(response.status, 200, `${pathAndQuery} answered ${response.status}`);
  return response.json();
}

/** Open units per region as the page's legend shows them. */
function regionTotalsOnPage() {
  return page.$$eval('[data-testid=region-total]', spans =>
    Object.fromEntries(spans.map(s => [s.dataset.region, Number(s.dataset.value)])));
}

async function regionTotalsFromApi() {
  const totals = {};
  for (const { value } of (await api('/api/demand/regions')).rows) {
    totals[value.region] = (totals[value.region] || 0) + value.openUnits;
  }
  return totals;
}

/**
 * The feed never stops, so the page and the API agree only between two events: compare right
 * after a refresh, and retry until one comparison sees no event in between.
 */
async function pageMatchesApi(readPage, readApi) {
  return eventually(async () => {
    await nextRefresh();
    const [shown, answered] = await Promise.all([readPage(), readApi()]);
    assert.deepEqual(shown, answered);
    return shown;
  });
}

test('the console shows the figures of the query API', async t => {
  const started = Date.now();
  const phase = name =>
    t.diagnostic(`${name}: ${Date.now() - started} ms into the test, ${Math.round(process.uptime())} s since start`);
  // Given the demo has run long enough for demand, decisions and ledger figures
  await eventually(async () => {
    assert.ok(Object.keys(await regionTotalsOnPage()).length >= 2, 'regions on the page');
    const decisions = Number(await page.getAttribute('[data-testid=decision-count]', 'data-value'));
    assert.ok(decisions > 0, 'decisions on the page');
    assert.ok((await page.$$('[data-testid=coverage-cell]')).length > 0, 'coverage on the page');
  }, 120_000);
  phase('demand, decisions and coverage on the page');

  // Then open units per region are the API's
  const totals = await pageMatchesApi(regionTotalsOnPage, regionTotalsFromApi);
  assert.ok(totals.US > 0, `US demand shown: ${JSON.stringify(totals)}`);
  phase('region totals match');

  // And US coverage per product and period is the API's, as shown text too
  await pageMatchesApi(
    () => page.$$eval('[data-testid=coverage-cell]', cells =>
      Object.fromEntries(cells.map(c => [c.dataset.key, c.textContent]))),
    async () => Object.fromEntries((await api('/api/ledger')).rows.map(({ key, value }) =>
      [key, value.usCoveragePercent === null ? '–' : `${value.usCoveragePercent} %`])));
  assert.equal(await page.locator('[data-testid=coverage-gauge]').count() > 0, true);
  phase('coverage matches');

  // And the decision count is the API's, unfiltered and filtered by status
  await pageMatchesApi(
    async () => Number(await page.getAttribute('[data-testid=decision-count]', 'data-value')),
    async () => (await api('/api/allocations?limit=1')).count);
  await page.selectOption('[data-testid=status-filter]', 'REJECTED');
  await pageMatchesApi(
    async () => ({
      count: Number(await page.getAttribute('[data-testid=decision-count]', 'data-value')),
      statuses: [...new Set(await page.$$eval('[data-testid=decision-row] .pill',
        pills => pills.map(p => p.textContent)))],
    }),
    async () => {
      const rejected = await api('/api/allocations?status=REJECTED&limit=1');
      return { count: rejected.count, statuses: rejected.count ? ['REJECTED'] : [] };
    });
  await page.selectOption('[data-testid=status-filter]', '');
  phase('decision counts match');

  // And everything the page loaded came from the demo's own HTTP address
  const origin = new URL(demo.consoleUrl).origin;
  assert.deepEqual(requests.filter(url => !url.startsWith(origin)), []);
  assert.deepEqual(pageErrors, []);
});

test('a new order changes the page without a reload', async t => {
  const started = Date.now();
  // Given the page as it is, marked so that a reload would show
  await page.evaluate(() => { window.e2eSamePage = true; });
  assert.equal((await regionTotalsOnPage()).NL, undefined, 'no NL demand before the order');

  // When an ERP publishes an order from a region the feed never uses (NL, 1,234 units)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'demandflow-e2e-'));
  try {
    const file = path.join(dir, 'orders-nl.csv');
    const month = new Date();
    month.setUTCMonth(month.getUTCMonth() + 2, 15);
    await writeFile(file, [
      'orderId,revision,customerId,region,product,quantity,unitPrice,requestedDate,status,eventTime,source',
      `E2E-NL-0001,1,nl-cloud-e2e,NL,H200-SXM-141GB,1234,31500.00,${month.toISOString().slice(0, 10)},PLACED,${new Date().toISOString()},e2e`,
    ].join('\n') + '\n');
    const published = await runDemandflow(['publish', '--type', 'order', file,
      '-b', demo.bootstrap, '-r', demo.registry]);
    assert.equal(published.code, 0, published.output);
    t.diagnostic(`published after ${Date.now() - started} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Then the page shows NL with 1,234 units, as the API does, on the same page
  await eventually(async () => {
    assert.equal((await regionTotalsOnPage()).NL, 1234);
  }, 60_000);
  t.diagnostic(`NL on the page after ${Date.now() - started} ms`);
  const nl = (await api('/api/demand/regions?region=NL')).rows;
  assert.equal(nl.reduce((sum, row) => sum + row.value.openUnits, 0), 1234);
  assert.equal(await page.evaluate(() => window.e2eSamePage), true, 'the page was not reloaded');
  assert.match(await page.textContent('[data-region=NL]'), /NL\s*1,234/);
});
