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
    // Tried before it is saved: the web host reads the variable for this one request.
    await form.getByRole('button', { name: 'Test these settings' }).click();
    await expect.poll(() => text(page.getByTestId('connection-report'))).toMatch(/^prod: connected: Kratos /);
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
    emu.state.update(id, (doc) => {
      (doc['traits'] as { name: { last: string } }).name.last = 'Remote-Side';
      doc['metadata_public'] = { ...(doc['metadata_public'] as object | null), e2e_note: 'from-remote' };
    });

    await openSync();
    await page.getByRole('button', { name: 'Push all' }).click();
    await expect.poll(() => text(result())).toContain('1 conflict(s)');
    await expect.poll(() => text(page.getByTestId('status-conflicts'))).toBe('1');
    const conflict = page.locator(`[data-conflict-id="${id}"]`);
    const row = conflict.locator('[data-pointer="/traits/name/last"]');
    await expect.poll(() => text(row)).toContain('"Local-Side""Remote-Side"');
    // What merged on its own is listed beside the conflict, by side.
    await expect.poll(() => text(conflict.getByTestId('conflict-merged'))).toMatch(/from prod \/metadata_public(\/e2e_note)?: .+ → .*from-remote/);
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

  it('edits a remote and tests its connection: what it found, or the precise problem', async () => {
    await openSync();
    const rowOf = page.locator('[data-remote="prod"]').first();
    await rowOf.getByRole('button', { name: 'Test connection to prod' }).click();
    const report = page.getByTestId('connection-report');
    await expect.poll(() => text(report)).toMatch(/^prod: connected: Kratos .+, 250\+ identities on the first page, schemas: .*customer/);
    // A wrong path is named as such, and the remote keeps its key while only the URL changes.
    await rowOf.getByRole('button', { name: 'Edit remote prod' }).click();
    const form = page.getByRole('form', { name: 'Edit remote prod' });
    await form.getByLabel('Admin URL').fill(`${emu.url}/kratos`);
    await expect.poll(() => form.getByRole('combobox', { name: /^Key/ }).inputValue()).toBe('keep');
    await form.getByRole('button', { name: 'Save remote' }).click();
    await expect.poll(() => text(rowOf)).toContain(`${emu.url}/kratos`);
    await rowOf.getByRole('button', { name: 'Test connection to prod' }).click();
    await expect.poll(() => text(report)).toContain('(HTTP 404)');
    await page.screenshot({ path: `${SHOTS}/sync-remote-test.png` });
    await rowOf.getByRole('button', { name: 'Edit remote prod' }).click();
    await form.getByLabel('Admin URL').fill(emu.url);
    await form.getByRole('button', { name: 'Save remote' }).click();
    await expect.poll(() => text(page.getByTestId('remote-key'))).toBe(`key read from $${KEY_VAR}`);
    await rowOf.getByRole('button', { name: 'Test connection to prod' }).click();
    await expect.poll(() => text(report)).toContain('prod: connected');
  });

  it('says offline, not an error, when Kratos stops answering, and online once it answers again', async () => {
    const online = page.getByTestId('sync-online');
    await expect.poll(() => text(online)).toBe('online');
    emu.faults.next({ kind: 'drop', times: 1_000 });
    await online.click();
    await expect.poll(() => text(online)).toBe('offline');
    expect(await online.getAttribute('title')).toContain('prod: offline');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => text(page.getByTestId('sync-offline-note'))).toContain('prod is offline');
    await page.screenshot({ path: `${SHOTS}/sync-offline.png` });
    emu.faults.clear();
    await online.click();
    await expect.poll(() => text(online)).toBe('online');
    await expect.poll(() => page.getByTestId('sync-offline-note').count()).toBe(0);
  });

  it('discards a pending change: the identity returns to its pulled version, audited', async () => {
    const id = emu.state.ids()[20] as string;
    const pulledFirst = (emu.state.get(id)?.['traits'] as { name: { first: string } }).name.first;
    const detail = new IdentityDetailPage(page);
    await detail.open(id);
    await detail.form.ready.waitFor();
    await detail.form.field('First name').fill('Mistake');
    await detail.form.field('First name').press('Control+s');
    await expect.poll(() => text(detail.notice)).toBe('Saved.');
    await openSync();
    await page.getByRole('button', { name: `Discard the changes of ${id}` }).click();
    await expect.poll(() => page.locator(`[data-pending-id="${id}"]`).count()).toBe(0);
    await detail.open(id);
    await detail.form.ready.waitFor();
    await expect.poll(() => detail.form.field('First name').inputValue()).toBe(pulledFirst);
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('synced');
    await expect.poll(() => text(detail.auditEntries.first())).toContain('/traits/name/first');
  });

  it('shows a change Kratos refused with its reason and a way to the identity', async () => {
    const id = emu.state.ids()[21] as string;
    const detail = new IdentityDetailPage(page);
    await detail.open(id);
    await detail.form.ready.waitFor();
    await detail.form.field('Last name').fill('Refused');
    await detail.form.field('Last name').press('Control+s');
    await expect.poll(() => text(detail.notice)).toBe('Saved.');
    emu.faults.next({ kind: 'status', status: 400, method: 'PATCH' });
    await openSync();
    // Alt+U is "Push all" from the keyboard.
    await page.keyboard.press('Alt+U');
    await expect.poll(() => text(result())).toContain('1 rejected');
    const item = page.locator(`[data-pending-id="${id}"]`);
    await expect.poll(() => text(item.getByTestId('rejected-reason'))).toMatch(/^Kratos refused it: .+ — open the identity to fix it\.$/);
    await page.screenshot({ path: `${SHOTS}/sync-rejected.png` });
    await item.getByRole('link', { name: 'Open identity' }).click();
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('rejected by Kratos');
    // Fixed there and saved, it waits again and goes through.
    const detail2 = new IdentityDetailPage(page);
    await detail2.form.ready.waitFor();
    await detail2.form.field('Last name').fill('Fixed');
    await detail2.form.field('Last name').press('Control+s');
    await expect.poll(() => text(detail2.notice)).toBe('Saved.');
    await expect.poll(() => text(page.getByTestId('identity-sync-state'))).toBe('pending push');
    await openSync();
    await page.getByRole('button', { name: 'Push all' }).click();
    await expect.poll(() => text(result())).toContain('1 updated');
    expect((emu.state.get(id)?.['traits'] as { name: { last: string } }).name.last).toBe('Fixed');
  });

  it('offers recreate or drop my changes for identities deleted remotely while edited here', async () => {
    const [keep, drop] = [emu.state.ids()[30] as string, emu.state.ids()[31] as string];
    const detail = new IdentityDetailPage(page);
    for (const id of [keep, drop]) {
      await detail.open(id);
      await detail.form.ready.waitFor();
      await detail.form.field('Last name').fill('Edited-Here');
      await detail.form.field('Last name').press('Control+s');
      await expect.poll(() => text(detail.notice)).toBe('Saved.');
      emu.state.delete(id);
    }
    await openSync();
    await page.getByRole('button', { name: 'Push all' }).click();
    await expect.poll(() => text(result())).toContain('2 conflict(s)');
    const keepView = page.locator(`[data-conflict-id="${keep}"]`);
    await expect.poll(() => text(keepView)).toContain('was deleted on the remote while you edited it here');
    await page.screenshot({ path: `${SHOTS}/sync-deleted-remotely.png` });
    await keepView.getByRole('button', { name: 'Recreate it on the remote' }).click();
    await page.locator(`[data-conflict-id="${drop}"]`).getByRole('button', { name: 'Drop my changes' }).click();
    await expect.poll(() => text(page.getByTestId('conflict-total'))).toBe('0');
    await page.getByRole('button', { name: 'Push all' }).click();
    await expect.poll(() => text(result())).toContain('1 created');
    await expect.poll(() => emu.state.ids().length).toBe(N - 1);
    const recreated = [...emu.state.ids()].map((i) => emu.state.get(i)).find((d) => (d?.['traits'] as { name: { last: string } }).name.last === 'Edited-Here');
    expect(recreated).toBeDefined();
    await detail.open(drop);
    await page.getByRole('heading', { name: 'This identity could not be opened' }).waitFor();
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
