import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/domain/audit';
import type { Identity } from '../../shared/domain/identity';
import type { SearchPage } from '../../shared/domain/search';
import { IdentityDetailPage } from './pages/identity-detail';
import { IdentityListPage } from './pages/identity-list';
import { apiCall } from './support/api-call';
import { launchBrowser, watchPage } from './support/browser';
import { seededTraits, seedStore } from './support/seed-store';
import { PROJECT_ROOT, startHostProcess, type RunningHost } from './support/web-host-process';

const N = 10_000;
const SHOTS = `${PROJECT_ROOT}test/e2e/screenshots`;
/** Trait values that would run script if any of them were ever rendered as markup or followed as a link. */
const XSS_EMAIL = 'xss.payload@example.com';
const XSS_FIRST = '<img src=x onerror="window.__pwned=1">';
const XSS_LAST = 'javascript:window.__pwned=2';
/** The subject of the edit flow: a seeded identity with a plain-ASCII e-mail. */
const SUBJECT = seededTraits(4240);
const OTHER = seededTraits(4241);

let host: RunningHost;
let browser: Browser;
let page: Page;
let watch: { errors: string[] };
const dialogs: string[] = [];
let subjectId = '';

/**
 * Runs a string timer in the page: 'ran' if eval-like code may run there, 'blocked' when CSP refuses it
 * (a violation report) or Trusted Types do (the main window's policy throws before any report).
 */
const stringTimerOutcome = (): Promise<string> =>
  new Promise((resolve) => {
    const w = window as unknown as { __timerRan?: () => void };
    w.__timerRan = () => resolve('ran');
    document.addEventListener('securitypolicyviolation', (e) => {
      if (e.blockedURI === 'eval') resolve('blocked');
    });
    try {
      setTimeout('window.__timerRan()' as unknown as TimerHandler, 0);
    } catch (err) {
      if (err instanceof TypeError && /TrustedScript/.test(err.message)) resolve('blocked');
      else throw err;
    }
  });

const findId = async (email: string): Promise<string> => {
  const page = await apiCall<SearchPage>(host, 'search.query', { text: email, limit: 5 });
  const match = page.items.find((i) => (i.traits as { email?: string }).email === email);
  if (!match) throw new Error(`no identity with ${email}`);
  return match.id;
};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-e2e-browser-'));
  const seeded = await seedStore(dataDir, {
    n: N,
    extra: [{ traits: { email: XSS_EMAIL, name: { first: XSS_FIRST, last: XSS_LAST } }, metadata_public: { note: '<script>window.__pwned=3</script>' } }],
  });
  expect(seeded.imported).toBe(N + 1);
  [host, browser] = await Promise.all([startHostProcess(dataDir), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch = watchPage(page);
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(host.launchUrl);
  subjectId = await findId(SUBJECT.email);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the identity browser on a 10k store', () => {
  it('is the first screen and shows the total and filtered counts', async () => {
    const list = new IdentityListPage(page);
    await expect.poll(() => list.count('total')).toBe(N + 1);
    expect(await list.count('filtered')).toBe(N + 1);
    await expect.poll(() => list.loadedRows.count()).toBeGreaterThan(10);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().textContent()).toBe('Identities');
    await page.screenshot({ path: `${SHOTS}/identity-list.png` });
  });

  it('finds an identity by a fragment from the middle of its e-mail, and keeps the query in the URL', async () => {
    const list = new IdentityListPage(page);
    const fragment = SUBJECT.email.slice(2, SUBJECT.email.indexOf('@') + 4); // "il.dubois4240@exa"
    await list.search.fill(fragment);
    await expect.poll(() => list.count('filtered')).toBe(1);
    await expect.poll(() => list.row(subjectId).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(fragment);
    await page.reload();
    await expect.poll(() => list.row(subjectId).count()).toBe(1);
    expect(await list.search.inputValue()).toBe(fragment);
  });

  it('opens from the keyboard: / focuses search, arrows move, Enter opens, Esc comes back', async () => {
    const list = new IdentityListPage(page);
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search identities');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('identity-rows');
    const outline = await list.rows.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    const detail = new IdentityDetailPage(page);
    await expect.poll(() => detail.title.textContent()).toBe(SUBJECT.email);
    expect(new URL(page.url()).pathname).toBe(`/identities/${subjectId}`);
    await detail.form.ready.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/identities');
    expect(new URL(page.url()).searchParams.get('q')).not.toBeNull();
    await list.row(subjectId).locator('a').click();
    await expect.poll(() => detail.title.textContent()).toBe(SUBJECT.email);
  });

  it('shows Kratos’s error on the field for an invalid e-mail and saves nothing', async () => {
    const detail = new IdentityDetailPage(page);
    await detail.form.ready.waitFor();
    const auditBefore = (await apiCall<AuditPage>(host, 'audit.list', { identityId: subjectId })).items.length;
    await detail.form.field('E-mail').fill('not-an-email');
    // The backend's verdict arrives through extraErrors: Kratos's message at Kratos's pointer.
    await expect.poll(() => detail.form.errorsOf('root_email').textContent()).toContain('is not valid "email"');
    await detail.saveButton.click();
    await expect.poll(() => detail.error.textContent()).toMatch(/does not match its schema/);
    const stored = await apiCall<Identity>(host, 'identities.get', subjectId);
    expect((stored.traits as { email: string }).email).toBe(SUBJECT.email);
    expect((await apiCall<AuditPage>(host, 'audit.list', { identityId: subjectId })).items.length).toBe(auditBefore);
  });

  it('saves a fixed e-mail with Ctrl+S, updates what Kratos derives, and records it in the history', async () => {
    const detail = new IdentityDetailPage(page);
    const fixed = 'emil.dubois.fixed@example.net';
    await detail.form.field('E-mail').fill(fixed);
    await expect.poll(() => detail.derived.textContent()).toContain(fixed);
    await expect.poll(() => detail.form.errorsOf('root_email').count()).toBe(0);
    await detail.form.field('E-mail').press('Control+s');
    await expect.poll(() => detail.notice.textContent()).toBe('Saved.');
    const stored = await apiCall<Identity>(host, 'identities.get', subjectId);
    expect((stored.traits as { email: string }).email).toBe(fixed);
    await expect.poll(() => detail.auditEntries.first().textContent()).toContain('/traits/email');
    await expect.poll(() => detail.title.textContent()).toBe(fixed);
    await page.screenshot({ path: `${SHOTS}/identity-detail.png` });
  });

  it('names the clashing field and links to the other identity when creating with an existing e-mail in other case', async () => {
    const otherId = await findId(OTHER.email);
    await page.getByRole('link', { name: /Identities/ }).first().click();
    await page.getByRole('button', { name: 'New identity' }).click();
    const create = new IdentityDetailPage(page);
    await create.form.ready.waitFor();
    await create.form.field('E-mail').fill(OTHER.email.toUpperCase());
    await create.createButton.click();
    await expect.poll(() => create.conflict.count()).toBe(1);
    expect(await page.getByTestId('conflict-pointer').textContent()).toBe('#/traits/email');
    expect(await page.getByTestId('conflict-link').textContent()).toBe(otherId);
    await expect.poll(() => create.form.errorsOf('root_email').textContent()).toContain('already used');
    await expect.poll(() => create.derived.getAttribute('aria-busy')).toBe('false');
    await page.screenshot({ path: `${SHOTS}/identity-create.png` });
    await page.getByTestId('conflict-link').click();
    await expect.poll(() => create.title.textContent()).toBe(OTHER.email);
  });

  it('deactivates, and the state shows in the detail, the list and the user’s view', async () => {
    const detail = new IdentityDetailPage(page);
    await page.getByTestId('conflict-link').waitFor({ state: 'detached' });
    await detail.button('Deactivate').click();
    await expect.poll(() => detail.state.textContent()).toBe('Inactive');
    // The history and the sync part grow once the write's event has refreshed them; clicking below
    // them before that would hit a line that is still moving.
    await expect.poll(() => detail.auditEntries.first().textContent()).toContain('/state');
    await expect.poll(() => page.getByTestId('identity-sync-create').count()).toBe(1);
    const otherId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect((await apiCall<Identity>(host, 'identities.get', otherId)).state).toBe('inactive');
    // From the keyboard: a click by coordinates can land beside the summary while refreshed parts of
    // the page above it are still settling on a loaded machine.
    await page.getByText('As the user sees it').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Identity as the user sees it').textContent()).toContain('"state": "inactive"');
    const list = new IdentityListPage(page);
    await list.open('?state=inactive');
    await expect.poll(() => list.count('filtered')).toBe(1);
    await expect.poll(() => list.row(otherId).getByTestId('identity-state').textContent()).toBe('Inactive');
  });

  it('deletes after a confirmation that names the identity', async () => {
    const list = new IdentityListPage(page);
    const otherId = await findId(OTHER.email);
    await list.row(otherId).locator('a').click();
    const detail = new IdentityDetailPage(page);
    await detail.button('Delete…').click();
    await expect.poll(() => detail.deleteDialog.textContent()).toContain(OTHER.email);
    await detail.deleteDialog.getByRole('button', { name: 'Delete identity' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/identities');
    await expect.poll(() => list.empty.count()).toBe(1);
    await expect(apiCall(host, 'identities.get', otherId)).rejects.toThrow(/NOT_FOUND/);
  });

  it('renders hostile trait values as text: no script runs, no dialog opens', async () => {
    const list = new IdentityListPage(page);
    await list.open(`?q=${encodeURIComponent(XSS_EMAIL)}`);
    await expect.poll(() => list.rowByText(XSS_EMAIL).count()).toBe(1);
    expect(await list.rowByText(XSS_EMAIL).textContent()).toContain(XSS_FIRST);
    await list.rowByText(XSS_EMAIL).locator('a').click();
    const detail = new IdentityDetailPage(page);
    await detail.form.ready.waitFor();
    await expect.poll(() => detail.form.field('First name').inputValue()).toBe(XSS_FIRST);
    await page.getByText('Raw JSON').click();
    await page.getByText('As the user sees it').click();
    await expect.poll(() => page.getByLabel('Identity as the user sees it').textContent()).toContain('__pwned=3');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const frame = await detail.form.contentFrame();
    expect(await frame.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await frame.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('keeps eval out of the main window and runs the form in an opaque, sandboxed frame', async () => {
    const response = await page.request.get(host.baseUrl);
    expect(response.headers()['content-security-policy']).not.toContain('unsafe-eval');
    // Both the header and the engine agree: a string timer (eval-like, outside the test driver's
    // own evaluation, which CDP exempts) is refused in the privileged window…
    expect(await page.evaluate(stringTimerOutcome)).toBe('blocked');
    // Trusted Types are enforced there: a string reaches no HTML sink, and no policy can be made to launder one.
    expect(await page.evaluate(() => {
      const probe = document.createElement('div');
      try {
        probe.innerHTML = '<img src=x onerror="window.__pwned=4">';
        return 'assigned';
      } catch {
        return 'refused';
      }
    })).toBe('refused');
    expect(await page.evaluate(() => {
      try {
        (window as unknown as { trustedTypes: { createPolicy(n: string, p: object): unknown } }).trustedTypes.createPolicy('launder', { createHTML: (s: string) => s });
        return 'created';
      } catch {
        return 'refused';
      }
    })).toBe('refused');
    // …and the form frame, which may eval, has an opaque origin with no way into the app.
    const frame = await new IdentityDetailPage(page).form.contentFrame();
    expect(await frame.evaluate(() => window.origin)).toBe('null');
    expect(await frame.evaluate(stringTimerOutcome)).toBe('ran');
    expect(await frame.evaluate(() => {
      try {
        return window.parent.document ? 'reachable' : 'none';
      } catch {
        return 'blocked';
      }
    })).toBe('blocked');
    expect(await frame.evaluate(() => {
      try {
        return sessionStorage.getItem('identity-desk-token') ?? 'none';
      } catch {
        return 'blocked';
      }
    })).toBe('blocked');
    // The deliberate probes above are the only violations: CSP (eval) and Trusted Types (sinks, policies).
    expect(watch.errors.filter((e) => !/Content Security Policy|unsafe-eval|requires 'Trusted(Script|HTML)' assignment|TrustedTypePolicy named 'launder'/.test(e))).toEqual([]);
  });

  it('follows the dark theme, the form frame included', async () => {
    const detail = new IdentityDetailPage(page);
    const toggle = page.getByRole('button', { name: /Change theme/ });
    for (let i = 0; i < 3 && (await page.evaluate(() => document.documentElement.dataset['theme'])) !== 'dark'; i++) await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    const frame = await detail.form.contentFrame();
    await expect.poll(() => frame.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.screenshot({ path: `${SHOTS}/identity-detail-dark.png` });
  });
});
