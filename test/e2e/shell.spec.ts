import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell';
import { launchBrowser, watchPage } from './support/browser';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from './support/web-host-process';

let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  [host, browser] = await Promise.all([startHostProcess(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the app shell on the web host', () => {
  it('shows the store facts through the typed client, with no script errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const watch = watchPage(page);
    await page.goto(host.launchUrl);
    const shell = new AppShell(page);
    await expect.poll(() => shell.identityCount.textContent()).toMatch(/^\d[\d,]*$/);
    expect(await page.getByTestId('status-data-dir').textContent()).toBe(host.dataDir);
    expect(await page.getByTestId('status-profile').textContent()).toBe('kratos-v26');
    expect(await shell.navigation.getByRole('link').first().getAttribute('aria-current')).toBe('page');
    // The token left the address bar once the page took it.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: `${PROJECT_ROOT}test/e2e/screenshots/shell-light.png` });
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('follows the OS theme and lets the user override it', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 760 } });
    const page = await context.newPage();
    await page.goto(host.launchUrl);
    const shell = new AppShell(page);
    await expect.poll(() => shell.theme()).toBe('dark');
    await shell.themeToggle.click(); // system → light
    expect(await shell.theme()).toBe('light');
    await shell.themeToggle.click(); // light → dark
    expect(await shell.theme()).toBe('dark');
    await page.reload();
    await expect.poll(() => shell.theme()).toBe('dark');
    await page.screenshot({ path: `${PROJECT_ROOT}test/e2e/screenshots/shell-dark.png` });
    await context.close();
  });

  it('checks the store file from the Overview screen', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(host.launchUrl.replace('/#', '/overview#'));
    await page.getByRole('button', { name: 'Check store' }).click();
    await expect.poll(() => page.getByTestId('store-check-result').textContent(), { timeout: 30_000 }).toMatch(/The store file is sound/);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('switches the validation profile on the Overview screen; the status bar follows and keeps the data directory', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(host.launchUrl.replace('/#', '/overview#'));
    const profile = page.getByLabel('Validation profile');
    await expect.poll(() => profile.isEnabled()).toBe(true);
    await profile.selectOption('ory-network');
    await expect.poll(() => page.getByTestId('status-profile').textContent()).toBe('ory-network');
    // The answer to setProfile carries no path: what the user sees of the data directory stays as it was.
    expect(await page.getByTestId('status-data-dir').textContent()).toBe(host.dataDir);
    expect(await page.locator('.facts code').textContent()).toBe(host.dataDir);
    await profile.selectOption('kratos-v26');
    await expect.poll(() => page.getByTestId('status-profile').textContent()).toBe('kratos-v26');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('keeps keyboard focus visible', async () => {
    const page = await browser.newPage();
    await page.goto(host.launchUrl);
    // Tab once the shell is drawn: before that, focus has nowhere to go but the body.
    await new AppShell(page).navigation.getByRole('link').first().waitFor();
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el !== document.body ? getComputedStyle(el).outlineStyle : 'none';
    });
    expect(outline).not.toBe('none');
    await page.close();
  });

  it('refuses a page that has no token', async () => {
    const page = await browser.newPage();
    await page.goto(host.baseUrl);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('token');
    await page.close();
  });
});
