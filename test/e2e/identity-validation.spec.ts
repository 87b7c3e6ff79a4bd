import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../shared/domain/search';
import { IdentityDetailPage } from './pages/identity-detail';
import { apiCall } from './support/api-call';
import { launchBrowser, watchPage } from './support/browser';
import { seededTraits, seedStore } from './support/seed-store';
import { startHostProcess, type RunningHost } from './support/web-host-process';

/** Issue 16 §7: a validation message appears once, under the field its pointer names. */
let host: RunningHost;
let browser: Browser;
let page: Page;
let watch: { errors: string[] };
let subjectId = '';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-e2e-validation-'));
  expect((await seedStore(dataDir, { n: 5 })).imported).toBe(5);
  [host, browser] = await Promise.all([startHostProcess(dataDir), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watch = watchPage(page);
  await page.goto(host.launchUrl);
  const email = seededTraits(2).email;
  subjectId = (await apiCall<SearchPage>(host, 'search.query', { text: email, limit: 1 })).items[0]?.id ?? '';
  expect(subjectId).not.toBe('');
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('validation messages on the identity form', () => {
  it('shows each problem once, under its field: Kratos’s words, not also the instant check’s or its parent’s', async () => {
    const detail = new IdentityDetailPage(page);
    await detail.open(subjectId);
    await detail.form.ready.waitFor();
    const frame = await detail.form.contentFrame();
    /** Every message the form shows, wherever it shows it, as `field: text`. */
    const shown = () =>
      frame.evaluate(() =>
        [...document.querySelectorAll('[id$="__error"] li')].map((li) => `${li.closest('[id$="__error"]')?.id.replace(/__error$/, '')}: ${li.textContent}`).sort(),
      );
    expect(await shown()).toEqual([]);

    // A required trait left empty: Kratos reports it on the parent (#/traits); it shows under the field, once.
    await detail.form.field('E-mail').fill('');
    await expect.poll(shown).toEqual(['root_email: missing properties: "email"']);

    // Two problems with one value: each once, in Kratos's words (the instant check said both in its own too).
    await detail.form.field('E-mail').fill('x');
    await expect.poll(shown).toEqual(['root_email: "x" is not valid "email"', 'root_email: length must be >= 3, but got 1']);

    await detail.form.field('E-mail').fill('fixed.address@example.com');
    await expect.poll(shown).toEqual([]);
    expect(watch.errors.filter((e) => !/Content Security Policy|unsafe-eval|requires 'Trusted(Script|HTML)' assignment|TrustedTypePolicy named 'launder'/.test(e))).toEqual([]);
  });
});
