import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultSchema } from '../kratos-emulator/default-schema';
import { startKratosEmulator, type KratosEmulator } from '../kratos-emulator/index';
import { AppShell } from './pages/app-shell';
import { IdentityDetailPage } from './pages/identity-detail';
import { launchBrowser, watchPage } from './support/browser';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from './support/web-host-process';

/**
 * Issue 15 point 7: a new user connects the web host to a separate Kratos fake (Ory Network kind, behind a
 * key), pulls 5,000 identities, edits one, pushes it, resolves a same-field conflict, all from the UI; then
 * the page is searched for the key.
 */
const N = 5_000;
const SHOTS = `${PROJECT_ROOT}test/e2e/screenshots`;
const KEY_VAR = 'IDENTITY_DESK_E2E_SYNC_KEY';
const KEY = `ory_pat_e2e_${randomBytes(12).toString('hex')}`;

let emu: KratosEmulator;
let host: RunningHost;
let browser: Browser;
let page: Page;
let watch: { errors: string[] };
const responses: string[] = [];

beforeAll(async () => {
  // The web host reads the key from its own environment; the page only ever names the variable.
  process.env[KEY_VAR] = KEY;
  emu = await startKratosEmulator({ kind: 'ory-network', key: KEY, seed: N, rateLimit: false, schemas: [{ id: 'customer', schema: loadDefaultSchema() }] });
  [host, browser] = await Promise.all([startHostProcess(mkdtempSync(join(tmpdir(), 'identity-desk-e2e-sync-'))), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch = watchPage(page);
  page.on('response', (r) => {
    r.text().then(
      (t) => responses.push(t),
      () => undefined,
    );
  });
  await page.goto(host.launchUrl);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await emu?.close();
  delete process.env[KEY_VAR];
});

const shell = () => new AppShell(page);
const openSync = async () => {
  await shell().navigation.getByRole('link', { name: 'Sync' }).click();
  await page.getByRole('heading', { name: 'Sync', level: 1 }).waitFor();
};
const text = async (l: Locator): Promise<string> => (await l.textContent()) ?? '';
const result = () => page.getByTestId('sync-result');

describe('sync from the app', () => {
  it('adds a remote whose key the page never holds', async () => {
    await openSync();
    const form = page.getByRole('form', { name: 'Add a remote' });
    await form.getByLabel('Name').fill('prod');
    await form.getByLabel('Admin URL').fill(emu.url);
    await form.getByLabel('Kind').selectOption('ory-network');
    await form.getByRole('combobox', { name: /^Key/ }).selectOption('env');
    await expect.poll(() => text(form)).toContain('environment variable of its own process');
    await form.getByLabel('Variable name').fill(KEY_VAR);
    await page.screenshot({ path: `${SHOTS}/sync-add-remote.png` });
    await form.getByRole('button', { name: 'Add remote' }).click();
    await expect.poll(() => text(page.getByTestId('remote-key'))).toBe(`key read from $${KEY_VAR}`);
    await expect.poll(() => text(page.getByTestId('sync-status'))).toContain('Pending 0');
  });

  it('pulls 5,000 identities with progress', async () => {
    // Every progress text the page shows, recorded as it is drawn.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenProgress: string[] }).seenProgress = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="sync-progress-done"]');
        if (el?.textContent) seen.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Pull', exact: true }).first().click();
    await page.getByTestId('sync-progress').waitFor();
    await page.screenshot({ path: `${SHOTS}/sync-pull-progress.png` });
    await expect.poll(() => text(result())).toMatch(/^Pulled 5,000 identities in \d+ page\(s\): 5,000 new/);
    const seen = await page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
    const counts = seen.map((s) => Number(s.replace(/[^\d]/g, '')));
    expect(counts.some((c) => c > 0 && c < N)).toBe(true);
    await expect.poll(() => text(shell().identityCount)).toBe('5,000');
    await page.screenshot({ path: `${SHOTS}/sync-pulled.png` });
  });

  it('shows an edited identity as pending with its diff, pushes it, and shows it synced', async () => {
    const id = emu.state.ids()[7] as string;
    const before = (emu.state.get(id)?.['traits'] as { name: { first: string } }).name.first;
    const detail = new IdentityDetailPage(page);
    await detail.open(id);
    await detail.form.ready.waitFor();
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('synced');
    await detail.form.field('First name').fill('Edited');
    await detail.form.field('First name').press('Control+s');
    await expect.poll(() => text(detail.notice)).toBe('Saved.');
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('pending push');
    await expect.poll(() => text(page.getByTestId('identity-sync'))).toContain(`/traits/name/first: "${before}" → "Edited"`);
    await page.screenshot({ path: `${SHOTS}/sync-identity-pending.png` });

    await openSync();
    const item = page.locator(`[data-pending-id="${id}"]`);
    await expect.poll(() => text(item.getByTestId('pending-diff'))).toContain(`/traits/name/first"${before}""Edited"`);
    await expect.poll(() => text(item.getByTestId('pending-sent'))).toBe(`PATCH /admin/identities/${id} [{"op":"replace","path":"/traits/name/first","value":"Edited"}]`);
    await expect.poll(() => text(page.getByTestId('status-pending'))).toBe('1');
    await item.getByRole('checkbox').check();
    await page.screenshot({ path: `${SHOTS}/sync-pending.png` });
    await page.getByRole('button', { name: 'Push selected (1)' }).click();
    await expect.poll(() => text(result())).toContain('Pushed: 0 created, 1 updated');
    expect((emu.state.get(id)?.['traits'] as { name: { first: string } }).name.first).toBe('Edited');
    await page.getByTestId('pending-empty').waitFor();
    await expect.poll(() => text(page.getByTestId('status-pending'))).toBe('0');
    await detail.open(id);
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('synced');
  });

  it('turns a same-field edit on both sides into a conflict resolved in the UI and pushed', async () => {
    const id = emu.state.ids()[11] as string;
    const detail = new IdentityDetailPage(page);
    await detail.open(id);
    await detail.form.ready.waitFor();
    await detail.form.field('Last name').fill('Local-Side');
    await detail.form.field('Last name').press('Control+s');
    await expect.poll(() => text(detail.notice)).toBe('Saved.');
    emu.state.update(id, (doc) => void ((doc['traits'] as { name: { last: string } }).name.last = 'Remote-Side'));

    await openSync();
    await page.getByRole('button', { name: 'Push all' }).click();
    await expect.poll(() => text(result())).toContain('1 conflict(s)');
    await expect.poll(() => text(page.getByTestId('status-conflicts'))).toBe('1');
    const conflict = page.locator(`[data-conflict-id="${id}"]`);
    const row = conflict.locator('[data-pointer="/traits/name/last"]');
    await expect.poll(() => text(row)).toContain('"Local-Side""Remote-Side"');
    await detail.open(id);
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('conflict');
    await openSync();
    // Keyboard: the choice and Resolve are reached and pressed without the mouse.
    await row.getByLabel('Edit').focus();
    await page.keyboard.press('Space');
    await row.getByLabel('New value of /traits/name/last (JSON)').fill('"Both-Sides"');
    await page.screenshot({ path: `${SHOTS}/sync-conflict.png` });
    await conflict.getByRole('button', { name: 'Resolve' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page.getByTestId('conflict-total'))).toBe('0');
    await page.getByRole('button', { name: 'Push all' }).click();
    await expect.poll(() => text(result())).toContain('1 updated');
    expect((emu.state.get(id)?.['traits'] as { name: { last: string } }).name.last).toBe('Both-Sides');
    await expect.poll(() => text(page.getByTestId('status-conflicts'))).toBe('0');
    // The same screen in the dark theme.
    for (let i = 0; i < 3 && (await shell().theme()) !== 'dark'; i++) await shell().themeToggle.click();
    await page.screenshot({ path: `${SHOTS}/sync-dark.png` });
  });

  it('never puts the key in the page, its storage or any response', async () => {
    const html = await page.content();
    const frames = await Promise.all(page.frames().map((f) => f.content().catch(() => '')));
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(responses.length).toBeGreaterThan(10);
    for (const t of [html, ...frames, storage, ...responses]) expect(t.includes(KEY)).toBe(false);
    // The remote did receive it: every admin call carried the bearer key (a wrong one is a 401).
    expect(watch.errors).toEqual([]);
  });
});
