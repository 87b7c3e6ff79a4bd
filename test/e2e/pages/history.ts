import type { Locator, Page } from 'playwright-core';

/** `/history`: every change across identities, its filters, paging, and per-entry actions. */
export class HistoryPage {
  constructor(readonly page: Page) {}

  async openFromNavigation(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
    await this.page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'All changes' });
  }

  get entries(): Locator {
    return this.list.getByTestId('audit-entry');
  }

  /** "50+ changes", "3 changes match": what the page says it holds. */
  get count(): Locator {
    return this.page.getByTestId('history-count');
  }

  get actionFilter(): Locator {
    return this.page.getByLabel('Action', { exact: true });
  }

  get operationFilter(): Locator {
    return this.page.getByLabel('Operation', { exact: true });
  }

  get olderButton(): Locator {
    return this.page.getByRole('button', { name: 'Show older changes' });
  }

  get error(): Locator {
    return this.page.getByTestId('history-error');
  }

  entry(changeId: number): Locator {
    return this.list.locator(`[data-change-id="${changeId}"]`);
  }

  /** The change ids shown, in the order shown. */
  async changeIds(): Promise<number[]> {
    return (await this.entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-change-id')))).map(Number);
  }

  async actions(): Promise<string[]> {
    return (await this.entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))).map(String);
  }
}
