import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/domain/audit';
import type { SearchCount, SearchPage } from '../../shared/domain/search';
import { IdentityDetailPage } from './pages/identity-detail';
import { IdentityListPage } from './pages/identity-list';
import { apiCall } from './support/api-call';
import { launchBrowser, watchPage } from './support/browser';
import { seedStore } from './support/seed-store';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from './support/web-host-process';

/** Issue 16 §8: the import wizard, export of a filtered query, the phantom edit and phone search, in Chromium. */
const N = 300;
const SHOTS = `${PROJECT_ROOT}test/e2e/screenshots`;
const PHONE_EMAIL = 'dial.me@example.net';
const PLAIN_EMAIL = 'no.newsletter@example.net';

let host: RunningHost;
let browser: Browser;
let page: Page;
let watch: { errors: string[] };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-e2e-transfer-'));
  const seeded = await seedStore(dir, {
    n: N,
    extra: [
      // No `newsletter`: the schema's default (false) must not turn up as an edit.
      { traits: { email: PLAIN_EMAIL, name: { first: 'Nora', last: 'Plain' } } },
      { schema_id: 'customer', traits: { email: PHONE_EMAIL, phone: '+1 656 691 8536', name: { first: 'Dial', last: 'Me' } } },
    ],
  });
  expect(seeded.imported).toBe(N + 2);
  [host, browser] = await Promise.all([startHostProcess(dir), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  watch = watchPage(page);
  await page.goto(host.launchUrl);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

const go = (path: string) =>
  page.evaluate((url) => {
    history.pushState(null, '', url);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);

describe('import and export in the app', () => {
  it('imports a CSV: mapping suggested from the header, dry run with grouped errors and lines, import, report', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(
      csv,
      ['E-Mail,First Name,Last Name,Newsletter,Notes', 'wizard.one@example.com,Wim,One,true,x', 'not-an-email,Bad,Row,false,x', 'wizard.two@example.com,Wanda,Two,false,x', 'also-bad,Bad,Again,true,x'].join('\n'),
    );
    await go('/import');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await (await chooser).setFiles(csv);
    await expect.poll(() => page.getByTestId('import-file-name').textContent()).toBe('people.csv');
    await page.getByLabel('Schema for records without one').selectOption('email-name-newsletter');
    const target = (column: string) => page.getByLabel(`Column ${column} goes to`);
    await expect.poll(() => target('First Name').inputValue()).toBe('name.first');
    expect(await target('E-Mail').inputValue()).toBe('email');
    expect(await target('Last Name').inputValue()).toBe('name.last');
    expect(await target('Newsletter').inputValue()).toBe('newsletter');
    expect(await target('Notes').inputValue()).toBe('');
    // The import waits for a dry run of these choices.
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByTestId('dry-run-report');
    await dry.waitFor();
    expect(await dry.getByTestId('report-imported').textContent()).toBe('2');
    expect(await dry.getByTestId('report-skipped').textContent()).toBe('2');
    const group = dry.getByRole('table', { name: 'Dry run: errors' }).getByRole('row').nth(1);
    expect(await group.textContent()).toContain('#/traits/email');
    expect(await group.textContent()).toContain('3, 5');
    const before = await apiCall<SearchCount>(host, 'search.count', {});
    expect(before.total).toBe(N + 2);
    await page.screenshot({ path: `${SHOTS}/import-wizard.png` });
    await dry.screenshot({ path: `${SHOTS}/import-dry-run.png` });

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByTestId('import-report');
    await done.waitFor();
    expect(await done.getByTestId('report-imported').textContent()).toBe('2');
    await expect.poll(async () => (await apiCall<SearchCount>(host, 'search.count', {})).total).toBe(N + 4);
    const wim = await apiCall<SearchPage>(host, 'search.query', { text: 'wizard.one@' });
    expect(wim.items[0]?.traits).toEqual({ email: 'wizard.one@example.com', name: { first: 'Wim', last: 'One' }, newsletter: true });
    const download = page.waitForEvent('download');
    await done.getByRole('button', { name: 'Download report' }).click();
    const report = JSON.parse(readFileSync((await (await download).path()) ?? '', 'utf8')) as { imported: number; errors: { line: number }[] };
    expect(report.imported).toBe(2);
    expect(report.errors.map((e) => e.line)).toEqual([3, 5]);
    await done.screenshot({ path: `${SHOTS}/import-done.png` });
  });

  it('exports the matches of a filtered search, as NDJSON, with no hash unless asked', async () => {
    const list = new IdentityListPage(page);
    await go('/identities?q=example.org&state=active');
    const expected = await apiCall<SearchCount>(host, 'search.count', { text: 'example.org', state: 'active' }, { exact: true });
    await expect.poll(() => list.count('filtered')).toBe(expected.filtered);
    await page.getByRole('button', { name: new RegExp(`^Export ${expected.filtered} match`) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Export format').selectOption('ndjson');
    await page.screenshot({ path: `${SHOTS}/export-dialog.png` });
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const text = readFileSync((await (await download).path()) ?? '', 'utf8');
    const rows = text.trim().split('\n').map((l) => JSON.parse(l) as { state: string; traits: { email: string } });
    expect(rows).toHaveLength(expected.filtered);
    expect(rows.every((r) => r.state === 'active' && r.traits.email.includes('example.org'))).toBe(true);
    expect(text).not.toContain('hashed_password');
    await dialog.getByTestId('export-done').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe('the defects a new user hit', () => {
  it('opening and saving an identity without edits changes nothing: the default shows as a hint', async () => {
    const found = await apiCall<SearchPage>(host, 'search.query', { text: PLAIN_EMAIL });
    const id = found.items[0]?.id ?? '';
    const history = async () => (await apiCall<AuditPage>(host, 'audit.list', { identityId: id })).items.length;
    const entries = await history();
    await go(`/identities/${id}`);
    const detail = new IdentityDetailPage(page);
    await detail.form.ready.waitFor();
    await detail.form.frame.getByText('The schema default is false').waitFor();
    // Give the frame's first change every chance to arrive: the page still says nothing is unsaved.
    await detail.form.field('First').waitFor();
    expect(await detail.unsaved.count()).toBe(0);
    await page.keyboard.press('Control+s');
    const after = await apiCall<SearchPage>(host, 'search.query', { text: PLAIN_EMAIL });
    expect(after.items[0]?.traits).toEqual({ email: PLAIN_EMAIL, name: { first: 'Nora', last: 'Plain' } });
    expect(after.items[0]?.revision).toBe(found.items[0]?.revision);
    expect(await history()).toBe(entries);
    await page.screenshot({ path: `${SHOTS}/identity-default-hint.png` });
  });

  it.each(['+16566918536', '+1 656 691 8536', '656-691-8536', '(656) 691-8536'])('finds the phone number typed as %s', async (typed) => {
    const list = new IdentityListPage(page);
    await go('/identities');
    await list.search.fill(typed);
    await expect.poll(() => list.count('filtered')).toBe(1);
    await expect.poll(() => list.loadedRows.first().textContent()).toContain(PHONE_EMAIL);
    if (typed === '(656) 691-8536') await page.screenshot({ path: `${SHOTS}/phone-search.png` });
  });

  it.each(['Escape', 'Back'])('coming back to the list (%s) keeps the scroll position, the active row and the focus', async (how) => {
    const list = new IdentityListPage(page);
    await go('/identities');
    await expect.poll(() => list.count('filtered')).toBeGreaterThan(N);
    await list.jumpTo(200);
    await list.clickRow(205);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const place = async () =>
      list.rows.evaluate((el) => ({ top: el.scrollTop, active: el.getAttribute('aria-activedescendant'), focused: document.activeElement === el }));
    const before = await place();
    expect(before).toMatchObject({ active: 'identity-row-207', focused: true });
    await page.keyboard.press('Enter');
    const detail = new IdentityDetailPage(page);
    await detail.form.ready.waitFor();
    if (how === 'Escape') await page.keyboard.press('Escape');
    else await page.goBack();
    await list.rowAt(207).waitFor();
    await expect.poll(place).toEqual(before);
    if (how === 'Escape') await page.screenshot({ path: `${SHOTS}/back-keeps-place.png` });
  });

  it('a deleted identity offers Undo, which brings it back as it was', async () => {
    const found = await apiCall<SearchPage>(host, 'search.query', { text: 'wizard.two@' });
    const before = found.items[0];
    if (!before) throw new Error('wizard.two missing');
    await go(`/identities/${before.id}`);
    const detail = new IdentityDetailPage(page);
    await detail.form.ready.waitFor();
    await detail.button('Delete…').click();
    await detail.deleteDialog.getByRole('button', { name: 'Delete identity' }).click();
    const undo = page.getByTestId('undo-delete');
    await undo.waitFor();
    expect(await undo.textContent()).toContain('wizard.two@example.com');
    await expect(apiCall(host, 'identities.get', before.id)).rejects.toThrow(/NOT_FOUND/);
    await page.screenshot({ path: `${SHOTS}/undo-delete.png` });
    await undo.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/identities/${before.id}`);
    const back = await apiCall<{ traits: unknown; created_at: string; updated_at: string }>(host, 'identities.get', before.id);
    expect(back).toMatchObject({ traits: before.traits, created_at: before.created_at, updated_at: before.updated_at });
  });

  it('says what a 1-character search matches', async () => {
    const list = new IdentityListPage(page);
    await go('/identities');
    await list.search.fill('@');
    await page.getByTestId('one-character-hint').waitFor();
    await list.search.fill('');
    expect(watch.errors).toEqual([]);
  });
});
