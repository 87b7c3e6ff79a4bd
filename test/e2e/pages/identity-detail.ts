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
