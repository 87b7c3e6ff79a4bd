import type { Locator, Page } from 'playwright-core';
import { FormFrame } from './form-frame';

/** `/identities/<id>` and `/identities/new`: the editor, actions, derived data and history. */
export class IdentityDetailPage {
  readonly form: FormFrame;

  constructor(readonly page: Page) {
    this.form = new FormFrame(page);
  }

  get title(): Locator {
    return this.page.getByTestId('identity-title');
  }

  get state(): Locator {
    return this.page.locator('.ib-detail-head').getByTestId('identity-state');
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: 'Save', exact: true });
  }

  get createButton(): Locator {
    return this.page.getByRole('button', { name: 'Create identity' });
  }

  /** Shown while the editor holds changes that are not saved: the form frame's edit has reached the page. */
  get unsaved(): Locator {
    return this.page.getByText('Unsaved changes', { exact: true });
  }

  get notice(): Locator {
    return this.page.getByTestId('detail-notice');
  }

  get error(): Locator {
    return this.page.getByTestId('detail-error');
  }

  get conflict(): Locator {
    return this.page.getByTestId('conflict-notice');
  }

  get derived(): Locator {
    return this.page.getByTestId('derived-panel');
  }

  get auditEntries(): Locator {
    return this.page.getByTestId('audit-entry');
  }

  /** The audit history's entries, newest first. */
  get history(): Locator {
    return this.page.getByRole('list', { name: 'Change history' });
  }

  revertButton(changeId: number): Locator {
    return this.history.getByRole('button', { name: `Revert change ${changeId}` });
  }

  /** Opens `/identities/<id>` in place, as following a link inside the app does. */
  async open(identityId: string): Promise<void> {
    await this.page.evaluate(
      (url) => {
        history.pushState(null, '', url);
        dispatchEvent(new PopStateEvent('popstate'));
      },
      `/identities/${encodeURIComponent(identityId)}`,
    );
  }

  get deleteDialog(): Locator {
    return this.page.getByRole('dialog');
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }

  metadata(kind: 'Public metadata' | 'Admin metadata'): Locator {
    return this.page.getByLabel(kind, { exact: true });
  }
}
