import { describe, expect, it } from 'vitest';
import { FRAME_PROTOCOL, isFrameMessage, isParentMessage, safeUiSchema } from '../../../../renderer/form-frame/protocol';

const render = {
  protocol: FRAME_PROTOCOL,
  type: 'render',
  schema: { type: 'object' },
  formData: {},
  resetKey: 'a',
  extraErrors: {},
  readOnly: false,
  theme: 'light',
};

describe('the form frame protocol’s preview additions', () => {
  it('accepts an optional uiSchema and render id, and stays compatible without them', () => {
    expect(isParentMessage(render)).toBe(true);
    expect(isParentMessage({ ...render, uiSchema: { 'ui:order': ['traits'] }, renderId: '7' })).toBe(true);
    expect(isParentMessage({ ...render, uiSchema: ['not', 'an', 'object'] })).toBe(false);
    expect(isParentMessage({ ...render, renderId: 7 })).toBe(false);
    expect(isParentMessage({ ...render, renderId: 'x'.repeat(201) })).toBe(false);
  });

  it('reports a painted render by its id, and nothing malformed', () => {
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'rendered', renderId: '12' })).toBe(true);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'rendered' })).toBe(false);
  });

  it('drops the options that would render descriptions or help as markdown, at any depth', () => {
    const ui = {
      'ui:enableMarkdownInDescription': true,
      'ui:globalOptions': { enableMarkdownInHelp: true, label: true },
      traits: { email: { 'ui:options': { enableMarkdownInDescription: true, inputType: 'email' }, 'ui:autocomplete': 'email' } },
    };
    expect(safeUiSchema(ui)).toEqual({
      'ui:globalOptions': { label: true },
      traits: { email: { 'ui:options': { inputType: 'email' }, 'ui:autocomplete': 'email' } },
    });
  });
});
