import { describe, expect, it } from 'vitest';
import { FRAME_PROTOCOL, isFrameMessage, isParentMessage } from '../../../renderer/form-frame/protocol';

const render = { protocol: FRAME_PROTOCOL, type: 'render', schema: { type: 'object' }, formData: {}, resetKey: 'a', extraErrors: { email: { __errors: ['bad'] } }, readOnly: false, theme: 'dark' };

describe('the form frame protocol', () => {
  it('accepts well-formed messages both ways', () => {
    expect(isParentMessage(render)).toBe(true);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'ready' })).toBe(true);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'change', formData: { a: 1 }, errorCount: 0 })).toBe(true);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'height', height: 420 })).toBe(true);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'key', key: 'save' })).toBe(true);
  });

  it('refuses anything else: other protocols, unknown types, malformed fields', () => {
    expect(isParentMessage({ ...render, protocol: 'other' })).toBe(false);
    expect(isParentMessage({ ...render, schema: 'x' })).toBe(false);
    expect(isParentMessage({ ...render, extraErrors: { email: { __errors: [1] } } })).toBe(false);
    expect(isParentMessage({ ...render, theme: 'neon' })).toBe(false);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'navigate', url: 'https://evil.example' })).toBe(false);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'change', errorCount: -1, formData: {} })).toBe(false);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'height', height: Number.NaN })).toBe(false);
    expect(isFrameMessage({ protocol: FRAME_PROTOCOL, type: 'key', key: 'delete' })).toBe(false);
    expect(isFrameMessage(null)).toBe(false);
  });
});
