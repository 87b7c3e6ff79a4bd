import type { Locator, Page } from 'playwright-core';

/** `/identities`: search, filters, counts and the virtualized grid. */
export class IdentityListPage {
  constructor(readonly page: Page) {}

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search identities' });
  }

  get rows(): Locator {
    return this.page.getByTestId('identity-rows');
  }

  get filteredCount(): Locator {
    return this.page.getByTestId('identity-count-filtered');
  }

  get totalCount(): Locator {
    return this.page.getByTestId('identity-count-total');
  }

  get empty(): Locator {
    return this.page.getByTestId('identity-list-empty');
  }

  get stateFilter(): Locator {
    return this.page.getByLabel('State', { exact: true });
  }

  /** A loaded row, by the identity id it shows. */
  row(identityId: string): Locator {
    return this.page.locator(`[data-identity-id="${identityId}"]`);
  }

  /** Loaded rows in display order. */
  get loadedRows(): Locator {
    return this.page.locator('[data-identity-id]');
  }

  rowByText(text: string): Locator {
    return this.loadedRows.filter({ hasText: text });
  }

  /** Integer value of a count element ("10,001" or "10,000+"). */
  async count(which: 'filtered' | 'total'): Promise<number> {
    const text = (await (which === 'filtered' ? this.filteredCount : this.totalCount).textContent({ timeout: 500 }).catch(() => null)) ?? '';
    return text ? Number(text.replace(/[^\d]/g, '')) : -1;
  }

  async open(searchParams = ''): Promise<void> {
    await this.page.evaluate((url) => {
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/identities${searchParams}`);
  }
}
