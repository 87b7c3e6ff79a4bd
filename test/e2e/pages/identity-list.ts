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

  get schemaFilter(): Locator {
    return this.page.getByLabel('Schema', { exact: true });
  }

  /** A date filter's input: `Created from`, `Updated to`, … */
  dateFilter(label: `${'Created' | 'Updated'} ${'from' | 'to'}`): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Identities' });
  }

  get columnHeaders(): Locator {
    return this.grid.getByRole('columnheader');
  }

  /** The selection bar: "9,000 selected", or a hint when nothing is. */
  get selection(): Locator {
    return this.page.getByRole('status', { name: 'Selection' });
  }

  /** The loaded row at a 0-based position in the list. */
  rowAt(index: number): Locator {
    return this.grid.locator(`[role="row"][aria-rowindex="${index + 2}"][data-identity-id]`);
  }

  /** Clicks a row's last cell: the identifier cell is a link, and Shift on a link opens a window. */
  async clickRow(index: number, modifiers: ('Shift' | 'Control')[] = []): Promise<void> {
    await this.rowAt(index).getByRole('gridcell').last().click({ modifiers });
  }

  /** Number of selected rows the selection bar shows (0 when it shows none). */
  async selectedCount(): Promise<number> {
    const match = /([\d,]+) selected/.exec((await this.selection.textContent()) ?? '');
    return match?.[1] ? Number(match[1].replace(/,/g, '')) : 0;
  }

  /** Moves the scrollbar to where row `index` is, as dragging the thumb would, and waits for it to load. */
  async jumpTo(index: number): Promise<void> {
    await this.rows.evaluate((el, target) => {
      const count = Number(el.closest('[role="grid"]')?.getAttribute('aria-rowcount')) - 1;
      const rowHeight = el.querySelector<HTMLElement>('.vlist-row-slot')?.offsetHeight ?? 36;
      // The scroll range may be scaled (renderer/components/virtual-scroll.ts): map the row onto it.
      const content = count * rowHeight - el.clientHeight;
      const scroll = el.scrollHeight - el.clientHeight;
      el.scrollTop = Math.round((target * rowHeight * scroll) / content);
    }, index);
    await this.rowAt(index).waitFor();
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
    const text =
      (await (which === 'filtered' ? this.filteredCount : this.totalCount).textContent({ timeout: 500 }).catch(() => null)) ?? '';
    return text ? Number(text.replace(/[^\d]/g, '')) : -1;
  }

  async open(searchParams = ''): Promise<void> {
    await this.page.evaluate((url) => {
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/identities${searchParams}`);
  }
}
