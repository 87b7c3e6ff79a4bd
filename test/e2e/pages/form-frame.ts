import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';

/** The sandboxed rjsf form inside `iframe.form-frame` (an opaque-origin document). */
export class FormFrame {
  constructor(readonly page: Page) {}

  get element(): Locator {
    return this.page.locator('iframe.form-frame');
  }

  get frame(): FrameLocator {
    return this.page.frameLocator('iframe.form-frame');
  }

  /** The frame has told the parent it is ready and has drawn a form. */
  get ready(): Locator {
    return this.page.locator('iframe.form-frame[data-ready="true"]');
  }

  field(label: string): Locator {
    return this.frame.getByLabel(label, { exact: false });
  }

  /** rjsf's error list under a field, found by the field's id suffix (`root_email`). */
  errorsOf(fieldId: string): Locator {
    return this.frame.locator(`#${fieldId}__error`);
  }

  /** The Frame object, for evaluating in the frame's own (opaque) origin. */
  async contentFrame(): Promise<Frame> {
    const handle = await this.element.elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error('form frame not attached');
    return frame;
  }
}
