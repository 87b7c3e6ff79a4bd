import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser';
import { seededTraits, seedStore } from '../e2e/support/seed-store';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from '../e2e/support/web-host-process';

/**
 * The identity browser in Chromium against the web host (acceptance point 8 of issue 5):
 * search-to-first-rows-painted and scrollbar-jump-to-rows-painted, p95; and renderer heap growth
 * between a 100k store and an n store after the same workload. Run: npm run bench -- browser --n 1000000
 */
const ROW_HEIGHT = 36;
const MAX_SCROLL_PX = 8_000_000;
const BASE_N = 100_000;
const SEARCHES = 30;
const JUMPS = 30;
/** Longer than the search box's debounce (ListToolbar), so each search starts on its leading edge. */
const SEARCH_PAUSE_MS = 250;

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const ensureRenderer = () => {
  if (existsSync(join(PROJECT_ROOT, '.out/renderer/form-frame.html'))) return;
  execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
};

/**
 * Installed in the page: resolves with the time the DOM satisfied `selector` (and holds `text`),
 * taken after the next frame is painted. A string, because tsx's name helpers do not exist in the page.
 */
const PROBE = `
window.__paintedWhen = (selector, text) => new Promise((resolve) => {
  const ok = () => {
    const el = document.querySelector(selector);
    return el !== null && (text === '' || (el.textContent || '').includes(text));
  };
  // rAF runs before paint; a message posted from it is handled after that frame is painted.
  const done = () => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  });
  if (ok()) { done(); return; }
  const observer = new MutationObserver(() => {
    if (!ok()) return;
    observer.disconnect();
    done();
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
});
`;

/** Types a whole term into the search box (one input event, as a paste would) and times the first matching row's paint. */
const timeSearch = (page: Page, term: string): Promise<number> =>
  page.evaluate(async (t) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Search identities"]');
    if (!input) throw new Error('no search box');
    const w = window as unknown as { __paintedWhen: (s: string, text: string) => Promise<number> };
    const painted = w.__paintedWhen('[aria-rowindex="2"][data-identity-id]', t);
    const start = performance.now();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, t);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return (await painted) - start;
  }, term);

/** Moves the scrollbar to where row `index` is (as a drag of the thumb would) and times that row's paint. */
const timeJump = (page: Page, index: number, count: number): Promise<number> =>
  page.evaluate(
    async ({ index, count, rowHeight, maxScroll }) => {
      const el = document.querySelector<HTMLElement>('[data-testid="identity-rows"]');
      if (!el) throw new Error('no list');
      const content = count * rowHeight - el.clientHeight;
      const scroll = Math.min(count * rowHeight, maxScroll) - el.clientHeight;
      const w = window as unknown as { __paintedWhen: (s: string, text: string) => Promise<number> };
      const painted = w.__paintedWhen(`[aria-rowindex="${index + 2}"][data-identity-id]`, '');
      const start = performance.now();
      el.scrollTop = Math.round((index * rowHeight * scroll) / content);
      return (await painted) - start;
    },
    { index, count, rowHeight: ROW_HEIGHT, maxScroll: MAX_SCROLL_PX },
  );

const heapUsed = async (cdp: CDPSession): Promise<number> => {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize;
};

interface PhaseResult {
  search: number[];
  jump: number[];
  coldJump: number;
  heap: number;
}

/** The same workload at every size: searches, then jumps around row 900,000 (or 90% of the list). */
const runPhase = async (browser: Browser, host: RunningHost, n: number): Promise<PhaseResult> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(host.launchUrl);
  await page.waitForSelector('[data-identity-id]', { timeout: 60_000 });
  await page.evaluate(PROBE);
  const search: number[] = [];
  for (let k = 0; k < SEARCHES; k++) {
    const email = seededTraits((k * 7919 + 13) % n).email;
    // A fragment from the middle of an e-mail: the trigram index's job, not a prefix scan.
    search.push(await timeSearch(page, email.slice(3, email.indexOf('@') + 3)));
    // A person reads the results before the next search. Without the pause every term would land
    // inside the previous one's debounce window and measure the 180 ms trailing debounce instead.
    await page.waitForTimeout(SEARCH_PAUSE_MS);
  }
  await timeSearch(page, '');
  await page.waitForFunction((total) => document.querySelector('[data-testid="identity-count-filtered"]')?.textContent?.replace(/[^\d]/g, '') === String(total), n);
  const target = n >= 1_000_000 ? 900_000 : Math.floor(n * 0.9);
  const coldJump = await timeJump(page, target, n);
  const jump: number[] = [];
  for (let k = 1; k <= JUMPS; k++) {
    // Distinct blocks each time, so no jump is answered from the renderer's row cache.
    const step = Math.min(1_537, Math.floor(target / (JUMPS + 1)));
    const index = Math.max(0, Math.min(n - 20, target + (k % 2 === 0 ? 1 : -1) * k * step));
    jump.push(await timeJump(page, index, n));
  }
  const heap = await heapUsed(cdp);
  await page.close();
  return { search, jump, coldJump, heap };
};

const withHost = async <T>(dataDir: string, work: (host: RunningHost) => Promise<T>): Promise<T> => {
  const host = await startHostProcess(dataDir);
  try {
    return await work(host);
  } finally {
    await host.stop();
  }
};

export const runBrowserBench = async ({ n }: { n: number }): Promise<void> => {
  ensureRenderer();
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-bench-browser-'));
  const browser = await launchBrowser();
  try {
    const base = Math.min(BASE_N, n);
    const seeded = await seedStore(dataDir, { n: base });
    console.log(`seeded ${base} identities in ${(seeded.ms / 1000).toFixed(1)} s`);
    const small = await withHost(dataDir, (host) => runPhase(browser, host, base));
    report(base, small);
    if (n > base) {
      const grown = await seedStore(dataDir, { n, from: base });
      console.log(`grew the store to ${n} in ${(grown.ms / 1000).toFixed(1)} s`);
      const large = await withHost(dataDir, (host) => runPhase(browser, host, n));
      report(n, large);
      const growth = large.heap - small.heap;
      console.log(`renderer heap after the workload: ${mb(small.heap)} at ${base}, ${mb(large.heap)} at ${n}: growth ${mb(growth)} (target < 50 MB) ${growth < 50 * 1024 * 1024 ? 'OK' : 'MISSED'}`);
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const report = (n: number, r: PhaseResult) => {
  console.log(
    `n=${n}: search → first rows painted: p95 ${fmt(p95(r.search))}, median ${fmt(median(r.search))} (target p95 < 100 ms) ${p95(r.search) < 100 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `n=${n}: scrollbar jump → rows painted: p95 ${fmt(p95(r.jump))}, median ${fmt(median(r.jump))}, first (cold) ${fmt(r.coldJump)} (target p95 < 100 ms) ${p95(r.jump) < 100 ? 'OK' : 'MISSED'}`,
  );
  console.log(`n=${n}: renderer heap ${mb(r.heap)}`);
};
