import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/domain/audit';
import type { Identity } from '../../shared/domain/identity';
import type { SearchCount, SearchPage } from '../../shared/domain/search';
import { IdentityDetailPage } from './pages/identity-detail';
import { IdentityListPage } from './pages/identity-list';
import { apiCall } from './support/api-call';
import { launchBrowser, watchPage } from './support/browser';
import { SEED_SCHEMA, seededTraits, seedStore } from './support/seed-store';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from './support/web-host-process';

const N = 10_000;
/** Identities of the username-password preset, which has no name trait. */
const USERNAMES = ['desk.ops', 'desk.audit', 'desk.billing', 'desk.night', 'desk.lab'];
const TOTAL = N + USERNAMES.length;
const SHOTS = `${PROJECT_ROOT}test/e2e/screenshots`;
const SUBJECT = seededTraits(4240);

const DAY = 86_400_000;
const EPOCH = Date.UTC(2023, 0, 1);
/** Seeded identity `i` was created on one of 400 days from 2023-01-01 and updated up to 59 days later. */
const createdMs = (i: number) => EPOCH + (i % 400) * DAY + ((i * 37) % 86_400) * 1000;
const updatedMs = (i: number) => createdMs(i) + (i % 60) * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/** How many seeded identities fall in a range, worked out from the seed itself rather than asked of the store. */
const seededWithin = (from: string, to: string, at: (i: number) => number): number => {
  const [lo, hi] = [Date.parse(`${from}T00:00:00Z`), Date.parse(`${to}T23:59:59.999Z`)];
  let n = 0;
  for (let i = 0; i < N; i++) if (at(i) >= lo && at(i) <= hi) n++;
  return n;
};

/** Text of what a locator matches now, '' when nothing does (unlike textContent, which waits for it). */
const textOf = async (locator: Locator): Promise<string> => (await locator.allTextContents()).join(' ');

let host: RunningHost;
let browser: Browser;
let page: Page;
let watch: { errors: string[] };
let subjectId = '';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-e2e-browser-more-'));
  const seeded = await seedStore(dataDir, {
    n: N,
    timestamps: (i) => ({ created_at: iso(createdMs(i)), updated_at: iso(updatedMs(i)) }),
    extra: USERNAMES.map((username) => ({ schema_id: 'username-password', traits: { username } })),
  });
  expect(seeded.imported).toBe(TOTAL);
  [host, browser] = await Promise.all([startHostProcess(dataDir), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch = watchPage(page);
  await page.goto(host.launchUrl);
  const found = await apiCall<SearchPage>(host, 'search.query', { text: SUBJECT.email, limit: 5 });
  subjectId = found.items.find((i) => (i.traits as { email?: string }).email === SUBJECT.email)?.id ?? '';
  expect(subjectId).not.toBe('');
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the identity browser: name column, selection across jumps, date filters and revert', () => {
  it('shows the Name column while a schema in scope has a name, and leaves it out when filtered to one without', async () => {
    const list = new IdentityListPage(page);
    await expect.poll(() => list.count('total')).toBe(TOTAL);
    await expect.poll(() => list.loadedRows.count()).toBeGreaterThan(10);
    const name = list.grid.getByRole('columnheader', { name: 'Name', exact: true });
    await expect.poll(() => name.count()).toBe(1);
    expect(await list.grid.getAttribute('aria-colcount')).toBe('7');
    expect(await list.columnHeaders.count()).toBe(7);
    expect(await list.loadedRows.first().getByRole('gridcell').count()).toBe(7);
    await page.screenshot({ path: `${SHOTS}/identity-list-name-column.png` });

    await list.schemaFilter.selectOption('username-password');
    await expect.poll(() => list.count('filtered')).toBe(USERNAMES.length);
    await expect.poll(() => name.count()).toBe(0);
    expect(await list.grid.getAttribute('aria-colcount')).toBe('6');
    expect(await list.columnHeaders.allTextContents()).toEqual(['', 'Identifier', 'Schema', 'State', 'Created▼', 'Updated']);
    await expect.poll(() => list.rowByText('desk.ops').getByRole('gridcell').count()).toBe(6);
    expect(new URL(page.url()).searchParams.get('schema')).toBe('username-password');
    await page.screenshot({ path: `${SHOTS}/identity-list-no-name-column.png` });

    await list.schemaFilter.selectOption('email-name-newsletter');
    await expect.poll(() => list.count('filtered')).toBe(N);
    await expect.poll(() => name.count()).toBe(1);
    await expect.poll(() => list.loadedRows.first().getByRole('gridcell').count()).toBe(7);
  });

  it('selects exactly the rows between a click and a shift-click far below, though none between were loaded', async () => {
    const list = new IdentityListPage(page);
    await list.open('');
    await expect.poll(() => list.count('filtered')).toBe(TOTAL);
    await list.clickRow(1);
    await expect.poll(() => list.selectedCount()).toBe(1);
    await list.jumpTo(9_000);
    await list.clickRow(9_000, ['Shift']);
    await expect.poll(() => list.selectedCount()).toBe(9_000);
    expect(await list.rowAt(9_000).getAttribute('aria-selected')).toBe('true');
    expect(await list.rowAt(9_001).getAttribute('aria-selected')).toBe('false');

    // The keyboard extends and shrinks the same range.
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => list.selectedCount()).toBe(9_001);
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(() => list.selectedCount()).toBe(8_999);

    // A second range: Ctrl-click starts it, Shift-click ends it; the two are counted exactly.
    await list.clickRow(9_004, ['Control']);
    await list.clickRow(9_010, ['Shift']);
    await expect.poll(() => list.selectedCount()).toBe(8_999 + 7);
    expect(await list.rowAt(9_002).getAttribute('aria-selected')).toBe('false');
    expect(await list.rowAt(9_005).getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/identity-list-multi-range.png` });
    expect(await list.selection.textContent()).toContain('Select all 10,005 matches');

    await list.jumpTo(0);
    expect(await list.rowAt(0).getAttribute('aria-selected')).toBe('false');
    expect(await list.rowAt(1).getAttribute('aria-selected')).toBe('true');

    // The selection is of identities: another order shows the same ones selected, wherever they now are.
    const firstSelected = await list.rowAt(1).getAttribute('data-identity-id');
    await list.grid.getByRole('button', { name: 'Created' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBe('asc');
    expect(await list.selectedCount()).toBe(8_999 + 7);
    await list.jumpTo(TOTAL - 2);
    expect(await list.row(firstSelected ?? '').getAttribute('aria-selected')).toBe('true');
    // Back to the default order (newest first), which the URL leaves out.
    await list.grid.getByRole('button', { name: 'Created' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBeNull();
  });

  it('keeps a selection by identity when identities change under it', async () => {
    const list = new IdentityListPage(page);
    await list.open('');
    await list.clickRow(2);
    await list.clickRow(5, ['Shift']);
    await expect.poll(() => list.selectedCount()).toBe(4);
    const picked = await Promise.all([2, 3, 4, 5].map((i) => list.rowAt(i).getAttribute('data-identity-id')));
    // Another client creates an identity that sorts first: every row moves down by one, the selection with it.
    const added = await apiCall<Identity>(host, 'identities.create', { schema_id: SEED_SCHEMA, traits: seededTraits(N + 1) });
    await expect.poll(() => list.count('total')).toBe(TOTAL + 1);
    await expect.poll(() => list.rowAt(0).getAttribute('data-identity-id')).toBe(added.id);
    expect(await list.selectedCount()).toBe(4);
    for (const id of picked) expect(await list.row(id ?? '').getAttribute('aria-selected')).toBe('true');
    expect(await list.rowAt(2).getAttribute('aria-selected')).toBe('false');
    expect(await list.rowAt(6).getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/identity-list-selection-kept.png` });
    await apiCall(host, 'identities.delete', added.id);
    await expect.poll(() => list.count('total')).toBe(TOTAL);
    await list.clickRow(1);
    await expect.poll(() => list.selectedCount()).toBe(1);
  });

  it('filters by created and updated date ranges, counts what the store counts, and keeps both through a reload', async () => {
    const list = new IdentityListPage(page);
    await list.open('');
    await list.dateFilter('Created from').fill('2023-03-01');
    await list.dateFilter('Created to').fill('2023-05-31');
    const created = { createdFrom: '2023-03-01T00:00:00Z', createdTo: '2023-05-31T23:59:59.999Z' };
    const byCreated = await apiCall<SearchCount>(host, 'search.count', created);
    expect(byCreated.filtered).toBe(seededWithin('2023-03-01', '2023-05-31', createdMs));
    await expect.poll(() => list.count('filtered')).toBe(byCreated.filtered);
    expect(await list.count('total')).toBe(TOTAL);
    const params = new URL(page.url()).searchParams;
    expect([params.get('created_from'), params.get('created_to')]).toEqual(['2023-03-01', '2023-05-31']);

    await list.dateFilter('Updated from').fill('2023-04-15');
    await list.dateFilter('Updated to').fill('2023-06-30');
    const both = await apiCall<SearchCount>(host, 'search.count', {
      ...created,
      updatedFrom: '2023-04-15T00:00:00Z',
      updatedTo: '2023-06-30T23:59:59.999Z',
    });
    expect(both.filtered).toBeGreaterThan(0);
    expect(both.filtered).toBeLessThan(byCreated.filtered);
    await expect.poll(() => list.count('filtered')).toBe(both.filtered);
    expect(new URL(page.url()).searchParams.get('updated_from')).toBe('2023-04-15');

    await page.reload();
    await expect.poll(() => list.count('filtered')).toBe(both.filtered);
    expect(await list.dateFilter('Created from').inputValue()).toBe('2023-03-01');
    expect(await list.dateFilter('Created to').inputValue()).toBe('2023-05-31');
    expect(await list.dateFilter('Updated from').inputValue()).toBe('2023-04-15');
    expect(await list.dateFilter('Updated to').inputValue()).toBe('2023-06-30');
    await expect.poll(() => list.loadedRows.count()).toBeGreaterThan(0);
  });

  it('reverts a saved trait change from the history, and refuses to revert one that a later change overwrote', async () => {
    const detail = new IdentityDetailPage(page);
    await detail.open(subjectId);
    await detail.form.ready.waitFor();
    const firstName = detail.form.field('First name');
    await expect.poll(() => firstName.inputValue()).toBe(SUBJECT.name.first);

    const save = async (value: string) => {
      await firstName.fill(value);
      await expect.poll(() => detail.unsaved.count()).toBe(1);
      // Ctrl+S, not the Save button: after Revert the page is scrolled down, and a click the driver
      // makes right after scrolling back up lands in the out-of-process form frame (stale hit-testing).
      await firstName.press('Control+s');
      await expect.poll(() => textOf(detail.notice)).toBe('Saved.');
      expect(await detail.unsaved.count()).toBe(0);
    };
    const latest = async () => (await apiCall<AuditPage>(host, 'audit.list', { identityId: subjectId })).items;

    await save('Emilia');
    const [edit] = await latest();
    expect(edit?.action).toBe('update');
    const editId = edit?.changeId ?? 0;
    await expect.poll(() => textOf(detail.history.getByRole('listitem').first())).toContain(`change ${editId}`);

    await detail.revertButton(editId).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => firstName.inputValue()).toBe(SUBJECT.name.first);
    expect(await detail.unsaved.count()).toBe(0);
    await expect
      .poll(() => textOf(detail.history.getByRole('listitem').first()))
      .toMatch(new RegExp(`^Reverted.*reverts change ${editId}(?!\\d)`));
    expect(((await apiCall<Identity>(host, 'identities.get', subjectId)).traits as typeof SUBJECT).name.first).toBe(SUBJECT.name.first);

    await save('Emilio');
    const entries = (await latest()).length;
    await detail.revertButton(editId).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'cannot be reverted' });
    await expect
      .poll(() => textOf(refusal))
      .toMatch(new RegExp(`^Change ${editId} cannot be reverted: change \\d+ .* later touched the same fields\\.$`));
    expect(await firstName.inputValue()).toBe('Emilio');
    expect(((await apiCall<Identity>(host, 'identities.get', subjectId)).traits as typeof SUBJECT).name.first).toBe('Emilio');
    expect((await latest()).length).toBe(entries);
    await page.screenshot({ path: `${SHOTS}/identity-revert-refused.png` });
    expect(watch.errors.filter((e) => !/Content Security Policy|unsafe-eval|409|Conflict/i.test(e))).toEqual([]);
  });
});
