import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/domain/audit';
import type { Identity } from '../../shared/domain/identity';
import type { JobRecord } from '../../shared/domain/jobs';
import type { SearchPage } from '../../shared/domain/search';
import { HistoryPage } from './pages/history';
import { IdentityDetailPage } from './pages/identity-detail';
import { apiCall } from './support/api-call';
import { launchBrowser, watchPage } from './support/browser';
import { seededTraits, seedStore } from './support/seed-store';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from './support/web-host-process';

/** Issue 16 §7: the audit history has a global view (all changes, paged, filterable by operation) from which a delete can be undone. */
const N = 120;
const SHOTS = `${PROJECT_ROOT}test/e2e/screenshots`;
const MARKER = 'history-e2e-team';
/** Seeded identities the test changes: three by one bulk edit, one by hand, two deleted. */
const BULK = [3, 4, 5];
const EDITED = 7;
const DELETED = [10, 11];
const TOTAL = N + BULK.length + 1 + DELETED.length;

let host: RunningHost;
let browser: Browser;
let page: Page;
let watch: { errors: string[] };
let bulkOperation = '';
const ids = new Map<number, string>();

const idOf = async (i: number): Promise<string> => {
  const email = seededTraits(i).email;
  const found = await apiCall<SearchPage>(host, 'search.query', { text: email, limit: 5 });
  const id = found.items.find((item) => (item.traits as { email?: string }).email === email)?.id;
  if (!id) throw new Error(`seeded identity ${i} not found`);
  return id;
};

/** Waits until the job has ended, polling jobs.get as the renderer does (expect.poll is for tests, not hooks). */
const jobEnd = async (jobId: string): Promise<JobRecord> => {
  for (;;) {
    const record = await apiCall<JobRecord>(host, 'jobs.get', jobId);
    if (record.state !== 'running') return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Every audit entry as the API pages it, newest first: what the screen must show, asked without the screen. */
const allEntries = async (query: Record<string, unknown> = {}) => {
  const out: AuditPage['items'] = [];
  let before: number | null = null;
  do {
    const page: AuditPage = await apiCall<AuditPage>(host, 'audit.list', { ...query, limit: 500, ...(before === null ? {} : { before }) });
    out.push(...page.items);
    before = page.next;
  } while (before !== null);
  return out;
};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-e2e-history-'));
  expect((await seedStore(dataDir, { n: N })).imported).toBe(N);
  [host, browser] = await Promise.all([startHostProcess(dataDir), launchBrowser()]);
  for (const i of [...BULK, EDITED, ...DELETED]) ids.set(i, await idOf(i));

  // One bulk edit through the API: its entries share its operation id.
  const edit = { steps: [{ op: 'set', path: '/metadata_public/team', value: { literal: MARKER } }] };
  const plan = await apiCall<{ operationId: string; jobId: string }>(host, 'operations.plan', { target: { ids: BULK.map((i) => ids.get(i)) }, edit });
  expect((await jobEnd(plan.jobId)).state).toBe('succeeded');
  const applied = await apiCall<{ jobId: string }>(host, 'operations.apply', plan.operationId);
  expect((await jobEnd(applied.jobId)).state).toBe('succeeded');
  bulkOperation = plan.operationId;
  await apiCall(host, 'identities.update', ids.get(EDITED), { metadata_admin: { note: 'checked by support' } });
  for (const i of DELETED) await apiCall(host, 'identities.delete', ids.get(i));
  expect(await allEntries()).toHaveLength(TOTAL);

  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch = watchPage(page);
  await page.goto(host.launchUrl);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the global history', () => {
  it('lists every change newest first, 50 at a time, and pages past the first page to the end', async () => {
    const history = new HistoryPage(page);
    await history.openFromNavigation();
    await expect.poll(() => history.entries.count()).toBe(50);
    expect(await history.count.textContent()).toBe('50+ changes');
    const expected = (await allEntries()).map((e) => e.changeId);
    expect(await history.changeIds()).toEqual(expected.slice(0, 50));
    // Newest first: the two deletes, the hand edit, the bulk edit, then the seed's imports.
    expect((await history.actions()).slice(0, 7)).toEqual(['delete', 'delete', 'update', 'update', 'update', 'update', 'import']);
    await page.screenshot({ path: `${SHOTS}/history.png` });

    await history.olderButton.click();
    await expect.poll(() => history.entries.count()).toBe(100);
    await history.olderButton.click();
    await expect.poll(() => history.entries.count()).toBe(TOTAL);
    expect(await history.changeIds()).toEqual(expected);
    expect(await history.olderButton.count()).toBe(0);
    expect(await history.count.textContent()).toBe(`${TOTAL} changes`);

    // Each entry names its identity and shows values, not only paths.
    const edited = history.entries.nth(2);
    expect(await edited.locator('a.hist-identity').textContent()).toBe(seededTraits(EDITED).email);
    expect(await edited.getByRole('list', { name: /Values of change/ }).textContent()).toBe('/metadata_admin: null → {"note":"checked by support"}');
  });

  it('filters by action, in the URL, and shows what a delete took away', async () => {
    const history = new HistoryPage(page);
    await history.actionFilter.selectOption('delete');
    await expect.poll(() => history.actions()).toEqual(['delete', 'delete']);
    expect(new URL(page.url()).searchParams.get('action')).toBe('delete');
    expect(await history.count.textContent()).toBe('2 changes match');
    const newest = history.entries.first();
    expect(await newest.textContent()).toContain(`${seededTraits(DELETED[1] ?? 0).email} (deleted)`);
    expect(await newest.getByRole('list', { name: /Values of change/ }).textContent()).toContain(`/traits: ${JSON.stringify(seededTraits(DELETED[1] ?? 0))} → (none)`.slice(0, 60));

    await history.actionFilter.selectOption('import');
    await expect.poll(() => history.entries.count()).toBe(50);
    expect(new Set(await history.actions())).toEqual(new Set(['import']));
    // Back to every action: the pages already read are still there, not reset to the first.
    await history.actionFilter.selectOption('');
    await expect.poll(() => history.entries.count()).toBe(TOTAL);
    expect(new URL(page.url()).searchParams.has('action')).toBe(false);
  });

  it('filters by an operation, typed or picked from an entry, and combines it with the action', async () => {
    const history = new HistoryPage(page);
    await history.operationFilter.fill(bulkOperation);
    await expect.poll(() => history.entries.count()).toBe(BULK.length);
    expect(new URL(page.url()).searchParams.get('operation')).toBe(bulkOperation);
    const links = await history.list.locator('a.hist-identity').allTextContents();
    expect(links.sort()).toEqual(BULK.map((i) => seededTraits(i).email).sort());
    for (const values of await history.list.getByRole('list', { name: /Values of change/ }).allTextContents()) {
      expect(values).toBe(`/metadata_public: null → {"team":"${MARKER}"}`);
    }
    await history.actionFilter.selectOption('delete');
    await expect.poll(() => history.count.textContent()).toBe('0 changes match');
    await expect.poll(() => page.getByText('No change matches these filters.').count()).toBe(1);

    // Clear, then pick the operation from one of its entries instead of typing it.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => history.entries.count()).toBe(TOTAL);
    expect(await history.operationFilter.inputValue()).toBe('');
    await history.entries.nth(3).getByRole('button', { name: `Show only operation ${bulkOperation}` }).click();
    await expect.poll(() => history.entries.count()).toBe(BULK.length);
    expect(await history.operationFilter.inputValue()).toBe(bulkOperation);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => history.entries.count()).toBe(TOTAL);
  });

  it('undoes a delete from the keyboard: the identity is back, whole, and the history shows the revert', async () => {
    const history = new HistoryPage(page);
    const subject = DELETED[0] ?? 0;
    const email = seededTraits(subject).email;
    const subjectId = ids.get(subject) ?? '';
    await expect(apiCall(host, 'identities.get', subjectId)).rejects.toThrow(/NOT_FOUND/);
    await history.actionFilter.selectOption('delete');
    await expect.poll(() => history.entries.count()).toBe(2);
    const undo = page.getByRole('button', { name: `Undo delete of ${email}` });

    // From the Action filter, Tab reaches the button (nothing on the way traps focus).
    await history.actionFilter.focus();
    for (let i = 0; i < 20; i++) {
      if (await undo.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    expect(await undo.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => undo.count()).toBe(0);
    const restored = await apiCall<Identity>(host, 'identities.get', subjectId);
    expect(restored.traits).toEqual(seededTraits(subject));
    // The other deleted identity still offers its undo; this one is named as it is now, a link again.
    expect(await page.getByRole('button', { name: `Undo delete of ${seededTraits(DELETED[1] ?? 0).email}` }).count()).toBe(1);
    expect(await history.entries.last().locator('a.hist-identity').textContent()).toBe(email);
    expect(await history.entries.last().textContent()).toContain('restored');

    await history.actionFilter.selectOption('');
    await expect.poll(() => history.actions().then((a) => a[0])).toBe('revert');
    const [revert] = (await apiCall<AuditPage>(host, 'audit.list', { limit: 1 })).items;
    expect(revert).toMatchObject({ action: 'revert', identityId: subjectId });
    const newest = history.entries.first();
    expect(await newest.textContent()).toContain(`reverts change ${revert?.reverts}`);
    expect(await newest.getByRole('list', { name: /Values of change/ }).textContent()).toContain('/state: (none) → "active"');
    // The delete it undid says so instead of offering the undo again.
    expect(await history.entry(revert?.reverts ?? 0).textContent()).toContain('undone');

    // The link opens the identity that is back.
    await newest.locator('a.hist-identity').click();
    const detail = new IdentityDetailPage(page);
    await expect.poll(() => detail.title.textContent()).toBe(email);
  });

  it('reads in the dark theme too, and nothing went wrong in the page', async () => {
    const history = new HistoryPage(page);
    await history.openFromNavigation();
    await history.actionFilter.selectOption('delete');
    await expect.poll(() => history.entries.count()).toBe(2);
    const toggle = page.getByRole('button', { name: /Change theme/ });
    for (let i = 0; i < 3 && (await page.evaluate(() => document.documentElement.dataset['theme'])) !== 'dark'; i++) await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    // The list sits on the theme's surface colour, not a light one left over.
    const background = await history.list.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(28, 31, 38)');
    await page.screenshot({ path: `${SHOTS}/history-dark.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(watch.errors).toEqual([]);
  });
});
