import type { Locator, Page } from 'playwright-core';
import { FormFrame } from './form-frame';

/** `/schemas`: the schema table, the preset gallery, Kratos config import and export. */
export class SchemaListPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Identity schemas' });
  }

  row(id: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: id, exact: true }) });
  }

  open(id: string): Locator {
    return this.table.getByRole('link', { name: id, exact: true });
  }

  setDefault(id: string): Locator {
    return this.page.getByRole('button', { name: `Set ${id} as default`, exact: true });
  }

  delete(id: string): Locator {
    return this.page.getByRole('button', { name: `Delete ${id}`, exact: true });
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }

  get gallery(): Locator {
    return this.page.getByRole('region', { name: 'Start a new schema' });
  }

  get importPanel(): Locator {
    return this.page.getByRole('region', { name: 'Import a Kratos config' });
  }

  get exportPanel(): Locator {
    return this.page.getByRole('region', { name: 'Export as Kratos config' });
  }

  get importReport(): Locator {
    return this.page.getByTestId('import-report');
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }
}

/** `/schemas/<id>` and `/schemas/new`: code editor, problems, preview, try it, compare and impact. */
export class SchemaEditorPage {
  readonly form: FormFrame;

  constructor(readonly page: Page) {
    this.form = new FormFrame(page);
  }

  get title(): Locator {
    return this.page.getByTestId('schema-title');
  }

  get code(): Locator {
    return this.page.getByRole('textbox', { name: 'Schema JSON' });
  }

  /** Replaces the whole text as one edit, the way a paste over a selection does. */
  async replaceText(text: string): Promise<void> {
    await this.code.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(text);
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  get readOnlyNotice(): Locator {
    return this.page.getByRole('note');
  }

  get problems(): Locator {
    return this.page.getByRole('region', { name: /^Problems/ });
  }

  /** Rows of the problems panel for a rule id, e.g. `schema/invalid` or `traits/too-many`. */
  problem(ruleId: string): Locator {
    return this.problems.getByRole('button').filter({ hasText: ruleId });
  }

  get cursor(): Locator {
    return this.page.getByTestId('cursor-position');
  }

  tab(name: 'Registration' | 'Settings' | 'Admin edit'): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  get previewPanel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  get tryIt(): Locator {
    return this.page.getByRole('region', { name: /^Try it/ });
  }

  /** One profile's verdict and derivations in "try it" (a column when the profiles differ). */
  derived(name: string | RegExp): Locator {
    return this.tryIt.getByRole('region', { name });
  }

  get saveAsDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Save as a new schema' });
  }

  get newIdField(): Locator {
    return this.saveAsDialog.getByRole('textbox', { name: 'New schema id' });
  }

  get compare(): Locator {
    return this.page.getByRole('region', { name: 'Compare and check impact' });
  }

  get oldSchema(): Locator {
    return this.compare.getByRole('combobox', { name: 'Old schema' });
  }

  get diff(): Locator {
    return this.page.getByTestId('diff-list');
  }

  get impactReport(): Locator {
    return this.page.getByTestId('impact-report');
  }
}
