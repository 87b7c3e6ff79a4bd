import type { Locator, Page } from 'playwright-core';

/** The frame every screen sits in: navigation, theme toggle, status bar. */
export class AppShell {
  constructor(readonly page: Page) {}

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  get statusBar(): Locator {
    return this.page.getByRole('contentinfo', { name: 'Status' });
  }

  get identityCount(): Locator {
    return this.page.getByTestId('status-identity-count');
  }

  get themeToggle(): Locator {
    return this.page.getByRole('button', { name: /Change theme/ });
  }

  async theme(): Promise<string | undefined> {
    return this.page.evaluate(() => document.documentElement.dataset['theme']);
  }
}
