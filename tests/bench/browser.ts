// The on-screen budgets of PRODUCT.md, measured as a person meets them: Playwright driving
// Chromium (/usr/bin/chromium) through the harness on a copy of the benchmark database.
// Each time runs, on the page's own clock, from the user's click to the result on screen (the
// DOM showing it, then the next animation frame); the first screen's, from this process, from
// navigation to Today drawn. Median and p95 over several runs; p95 is judged.
//
// `node tests/bench/browser.ts --db FILE` runs it alone (FILE is used as it is: pass a copy);
// `npm run bench` runs it after the service budgets, on its own copy.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { chromium, type Locator, type Page } from '@playwright/test';
import { prepareSecret, storeSecret } from '../../main/access/profile-secrets.ts';
import { openStore } from '../../main/db/store.ts';
import { requireCoordinator } from '../../main/records/volunteers.ts';
import { judge, judgementNote, summary, type BenchResult } from './measure.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Types a "YYYY-MM-DD" into the day, month and year boxes of the date named by `legend`. */
async function fillDate(page: Page, legend: string, value: string): Promise<void> {
  const [year, month, day] = value.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year!);
}
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Harness {
  url: string;
  stop(): Promise<void>;
}

async function startHarness(dbFile: string): Promise<Harness> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'main/harness/serve.ts'), '--db', dbFile, '--exit-with-stdin'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`harness exited early with code ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The bare baseline, measured between the measurements of the same run: a trivial contract call
 * through the harness, then a fixed piece of DOM work (500 rows made, laid out and removed) and
 * the next frame. No app code: how fast this machine, this Chromium and this harness are now.
 */
async function bareBaseline(page: Page, samples: number[], runs: number): Promise<void> {
  for (let i = 0; i < runs; i++) {
    samples.push(
      await page.evaluate(async () => {
        const started = performance.now();
        const token = sessionStorage.getItem('outreach-harness-token')!;
        await (await fetch('/api/access.status', { method: 'POST', headers: { 'content-type': 'application/json', 'x-outreach-token': token }, body: '{}' })).json();
        const box = document.createElement('div');
        for (let row = 0; row < 500; row++) box.appendChild(document.createElement('div')).textContent = `row ${row}: ${(row * 7919) % 1000}`;
        document.body.appendChild(box);
        void box.offsetHeight;
        box.remove();
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        return performance.now() - started;
      }),
    );
  }
}

/**
 * The bare baseline's p95 at its quietest: a measurement's ratio budget is its budget over this,
 * so a run whose baseline is slower is allowed that much longer. 16 ms: the lowest p95 of the
 * quiet run of 2026-12-07 23:19 UTC (load average under 2; README).
 */
const QUIET_BASELINE_P95_MS = 16;

/** A verdict on p95 (the budgets are medians' and p95s' of several runs), absolute and as a ratio to the baseline's p95. */
function onScreen(name: string, inOrder: number[], budget: number, baseline: number[]): BenchResult {
  const samples = [...inOrder].sort((a, b) => a - b);
  const p95 = percentile(samples, 95);
  const baselineP95 = percentile([...baseline].sort((a, b) => a - b), 95);
  const maxRatio = budget / QUIET_BASELINE_P95_MS;
  const judgement = judge(p95, budget, { baselineJudged: baselineP95, maxRatio });
  return {
    name,
    runs: samples.length,
    median_ms: round(percentile(samples, 50)),
    p99_ms: round(percentile(samples, 99)),
    // The first run is shown apart: with few runs it is the p95, and it alone pays for cold caches.
    figures: { p95_ms: round(p95), first_ms: round(inOrder[0]!), baseline_p95_ms: round(baselineP95) },
    baseline_ms: round(percentile([...baseline].sort((a, b) => a - b), 50)),
    ratio: judgement.ratio === null ? null : Math.round(judgement.ratio * 100) / 100,
    budget_ms: budget,
    max_ratio: Math.round(maxRatio * 100) / 100,
    ok: judgement.failed === null,
    failed: judgement.failed,
    note: ['judged on p95, from the action to the result on screen', judgementNote(judgement.failed)].filter(Boolean).join('; '),
  };
}

/** The next frame after the result is in the DOM: it has been laid out and painted. */
const painted = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = (await page.evaluate(
    async ([m, body]) => {
      const token = sessionStorage.getItem('outreach-harness-token')!;
      const response = await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-outreach-token': token }, body: JSON.stringify(body) });
      return response.json();
    },
    [method, input] as const,
  )) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}


/**
 * Clicks `target` inside the page and times, with the page's own clock, until `done` holds
 * (checked on every DOM change) and the next frame is drawn: no automation round trip in it.
 */
async function timeClick(page: Page, target: Locator, done: 'adults' | 'conversations' | 'charts' | 'year'): Promise<number> {
  const handle = await target.elementHandle();
  return page.evaluate(
    ([button, until]) =>
      new Promise<number>((resolve) => {
        const number = (id: string) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\D/g, '') ?? -1);
        const before = { adults: number('total-adults'), conversations: number('total-conversations') };
        const holds = () => {
          if (until === 'adults') return number('total-adults') === before.adults + 1;
          if (until === 'conversations')
            return number('total-conversations') === before.conversations + 1 && ![...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Save conversation');
          const drawn = document.querySelector('[data-testid="chart-topics"] .bar-chart__label') !== null;
          if (until === 'charts') return drawn;
          return drawn && /Nov 2025/.test([...document.querySelectorAll('[role="status"]')].map((s) => s.textContent).join(' '));
        };
        const started = performance.now();
        const finish = () => requestAnimationFrame(() => resolve(performance.now() - started));
        const observer = new MutationObserver(() => {
          if (holds()) {
            observer.disconnect();
            finish();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        (button as HTMLElement).click();
      }),
    [handle, done] as const,
  );
}

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true });

const BENCH_PIN = '246810';

/** The seed's current coordinator gets a PIN (as a laptop set up on first start has): its id. */
async function prepareDatabase(dbFile: string): Promise<number> {
  const { store } = await openStore(dbFile);
  try {
    const coordinator = requireCoordinator(store);
    const secret = await prepareSecret(BENCH_PIN);
    const clock = () => new Date();
    store.transaction(() => storeSecret(store, clock, coordinator.id, secret));
    return coordinator.id;
  } finally {
    store.close();
  }
}

/** The lock screen a started app shows: the coordinator types the PIN once, as at the start of a day. */
async function unlock(page: Page, coordinatorId: number): Promise<void> {
  await page.getByLabel('Your profile').selectOption(String(coordinatorId));
  await page.getByLabel('PIN or passphrase', { exact: true }).fill(BENCH_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
}

export async function browserBenchmarks(dbFile: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const coordinatorId = await prepareDatabase(dbFile);
  const harness = await startHarness(dbFile);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--enable-precise-memory-info'] });
  try {
    // Unlocked once (the harness holds the unlock): each page after opens on Today. The bare
    // baseline is measured just before each measurement, as the machine's load changes.
    const firstBaseline: number[] = [];
    {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(harness.url);
      await unlock(page, coordinatorId);
      await bareBaseline(page, firstBaseline, 15);
      await context.close();
    }
    // --- harness ready -> Today interactive (a fresh page each time) ---------------------
    const firstScreen: number[] = [];
    for (let i = 0; i < 7; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(harness.url);
      await nav(page, 'Today').waitFor();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await painted(page);
      firstScreen.push(performance.now() - started);
      await context.close();
    }
    results.push(onScreen('on screen: harness ready -> Today interactive', firstScreen, 1000, firstBaseline));

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(harness.url);
    await nav(page, 'Today').waitFor();

    // --- the dashboard for a month (it opens on the last month with data: October 2026 on the
    // benchmark seed; measured before anything is recorded today), with its charts ---
    const chartsDrawn = async () => {
      await page.getByTestId('chart-topics').locator('.bar-chart__label').first().waitFor();
      await painted(page);
    };
    {
      const samples: number[] = [];
      const baseline: number[] = [];
      await bareBaseline(page, baseline, 15);
      for (let i = 0; i < 7; i++) {
        await nav(page, 'Today').click();
        await page.getByTestId('chart-topics').waitFor({ state: 'detached' });
        samples.push(await timeClick(page, nav(page, 'Dashboard'), 'charts'));
        await chartsDrawn();
      }
      results.push(onScreen('on screen: dashboard for a month, with its charts', samples, 300, baseline));
    }

    // --- the dashboard for a year: from "Show figures" to the year's figures and charts ---
    {
      const samples: number[] = [];
      const baseline: number[] = [];
      await bareBaseline(page, baseline, 15);
      await page.getByRole('radio', { name: 'A chosen range' }).check();
      for (let i = 0; i < 7; i++) {
        // Back to the month first, so each run draws the year anew.
        await fillDate(page, 'From', '2026-10-01');
        await fillDate(page, 'To', '2026-10-31');
        await page.getByRole('button', { name: 'Show figures' }).click();
        await page.getByRole('status').filter({ hasText: /^Showing 1\s*–\s*31 Oct 2026/ }).waitFor();
        await fillDate(page, 'From', '2025-11-01');
        await fillDate(page, 'To', '2026-10-31');
        samples.push(await timeClick(page, page.getByRole('button', { name: 'Show figures' }), 'year'));
      }
      results.push(onScreen('on screen: dashboard for a year, with its charts', samples, 600, baseline));

      // --- renderer memory after a year's dashboard -------------------------------------
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
      results.push({
        name: "on screen: renderer JS heap after a year's dashboard (MB)",
        runs: 1,
        median_ms: 0,
        p99_ms: 0,
        baseline_ms: null,
        ratio: null,
        budget_ms: 0,
        max_ratio: null,
        ok: heap < 100,
        failed: heap < 100 ? null : 'absolute',
        figures: { js_heap_mb: round(heap), budget_mb: 100 },
        note: 'after a garbage collection; Chromium JSHeapUsedSize',
      });
    }

    // --- the monthly summary for a month, rendered -----------------------------------
    {
      const samples: number[] = [];
      const baseline: number[] = [];
      await bareBaseline(page, baseline, 15);
      for (let i = 0; i < 7; i++) {
        await nav(page, 'Today').click();
        await page.getByTestId('chart-topics').waitFor({ state: 'detached' });
        samples.push(await timeClick(page, nav(page, 'Monthly summary'), 'charts'));
        await page.getByRole('heading', { name: /monthly summary for/ }).waitFor();
      }
      results.push(onScreen('on screen: monthly summary for a month, rendered', samples, 600, baseline));
    }
    // --- a tally tap -> the running total updated --------------------------------------
    {
      // The seeded years hold sessions never closed: "Open session" waits until they are left
      // for a coordinator. Opened after the reports, so they open on the seed's last month.
      await api(page, 'sessions.leaveAllForCoordinator', {});
      const [site] = await api<{ id: number }[]>(page, 'sites.list', { includeRetired: false });
      await api(page, 'sessions.open', { siteId: site!.id, kind: 'popup_shop' });
      await page.reload();
      await page.getByRole('button', { name: 'Continue', exact: true }).first().click();
      const tap = page.getByRole('button', { name: '+1 adult', exact: true });
      await tap.waitFor();
      const baseline: number[] = [];
      await bareBaseline(page, baseline, 15);
      const taps: number[] = [];
      for (let i = 0; i < 40; i++) taps.push(await timeClick(page, tap, 'adults'));
      results.push(onScreen('on screen: tally tap -> running total updated', taps, 50, baseline));

      // --- Save conversation -> totals updated, form closed ----------------------------
      const saveBaseline: number[] = [];
      await bareBaseline(page, saveBaseline, 15);
      const saves: number[] = [];
      for (let i = 0; i < 15; i++) {
        await page.getByRole('button', { name: 'Log conversation' }).click();
        await page.getByRole('checkbox', { name: 'Bowel screening' }).check();
        await page.getByRole('checkbox', { name: 'Leaflet given' }).check();
        saves.push(await timeClick(page, page.getByRole('button', { name: 'Save conversation' }), 'conversations'));
      }
      results.push(onScreen('on screen: Save conversation -> totals updated, form closed', saves, 100, saveBaseline));
    }

    await context.close();
  } finally {
    await browser.close();
    await harness.stop();
  }
  return results;
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({ options: { db: { type: 'string' } } });
  if (!values.db) {
    console.error('usage: node tests/bench/browser.ts --db FILE   (a copy: the run records taps and conversations in it)');
    process.exit(2);
  }
  const results = await browserBenchmarks(values.db);
  for (const result of results) console.log(JSON.stringify(result));
  console.error(summary(results));
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
