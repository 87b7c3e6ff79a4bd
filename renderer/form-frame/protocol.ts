/**
 * The message protocol between the privileged window and the sandboxed form frame (design §7).
 * The frame runs @rjsf/core with ajv, which generates code and so needs `unsafe-eval`; it lives in
 * an opaque origin with no bridge and no token. Both sides validate every message's shape before
 * use, because either side could be handed a message from something else.
 */
import { isRecord } from '../../shared/json';

export const FRAME_PROTOCOL = 'identity-desk.form/1';

export type FrameTheme = 'light' | 'dark';

/** rjsf's ErrorSchema, restated in plain types so the protocol needs no rjsf import. */
export interface FieldErrors {
  __errors?: string[];
  [field: string]: FieldErrors | string[] | undefined;
}

/** Parent → frame: what to draw. */
export interface RenderMessage {
  protocol: typeof FRAME_PROTOCOL;
  type: 'render';
  /** The JSON Schema of the form (an identity schema's `traits` part). */
  schema: Record<string, unknown>;
  formData: unknown;
  /** The frame keeps its own edits until this changes: a new identity, schema or a revert. */
  resetKey: string;
  /** The backend's verdict (Kratos messages at Kratos pointers). */
  extraErrors: FieldErrors;
  readOnly: boolean;
  theme: FrameTheme;
  /**
   * rjsf's uiSchema (widgets, order, help). Optional: the identity browser sends none. Options that
   * would render text as markdown are dropped by the frame (`safeUiSchema`): titles stay text.
   */
  uiSchema?: Record<string, unknown>;
  /** Echoed back in a `rendered` message once the frame has painted this render (preview timing). */
  renderId?: string;
}

export type ParentMessage = RenderMessage;

/** Frame → parent. */
export type FrameMessage =
  | { protocol: typeof FRAME_PROTOCOL; type: 'ready' }
  | { protocol: typeof FRAME_PROTOCOL; type: 'change'; formData: unknown; errorCount: number }
  | { protocol: typeof FRAME_PROTOCOL; type: 'height'; height: number }
  | { protocol: typeof FRAME_PROTOCOL; type: 'key'; key: 'save' | 'escape' }
  | { protocol: typeof FRAME_PROTOCOL; type: 'rendered'; renderId: string };


const isFieldErrors = (value: unknown, depth = 0): value is FieldErrors => {
  if (!isRecord(value) || depth > 64) return false;
  return Object.entries(value).every(([key, child]) =>
    key === '__errors' ? Array.isArray(child) && child.every((m) => typeof m === 'string') : isFieldErrors(child, depth + 1),
  );
};

export const isParentMessage = (data: unknown): data is ParentMessage =>
  isRecord(data) &&
  data['protocol'] === FRAME_PROTOCOL &&
  data['type'] === 'render' &&
  isRecord(data['schema']) &&
  typeof data['resetKey'] === 'string' &&
  isFieldErrors(data['extraErrors']) &&
  typeof data['readOnly'] === 'boolean' &&
  (data['theme'] === 'light' || data['theme'] === 'dark') &&
  (data['uiSchema'] === undefined || isRecord(data['uiSchema'])) &&
  (data['renderId'] === undefined || isRenderId(data['renderId']));

const isRenderId = (value: unknown): value is string => typeof value === 'string' && value.length <= 200;

/** rjsf options that turn descriptions or help into markdown-rendered markup: never honoured here. */
const MARKUP_OPTIONS = new Set(['enableMarkdownInDescription', 'enableMarkdownInHelp']);

/**
 * A copy of a uiSchema without the options that would render text as markup (`ui:enableMarkdown…`,
 * also inside `ui:options` and `ui:globalOptions`), bounded in depth like the rest of the protocol.
 */
export const safeUiSchema = (value: Record<string, unknown>, depth = 0): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  if (depth > 64) return out;
  for (const [key, child] of Object.entries(value)) {
    const option = key.startsWith('ui:') ? key.slice(3) : key;
    if (MARKUP_OPTIONS.has(option)) continue;
    out[key] = isRecord(child) ? safeUiSchema(child, depth + 1) : child;
  }
  return out;
};

export const isFrameMessage = (data: unknown): data is FrameMessage => {
  if (!isRecord(data) || data['protocol'] !== FRAME_PROTOCOL) return false;
  switch (data['type']) {
    case 'ready':
      return true;
    case 'change':
      return (
        'formData' in data && typeof data['errorCount'] === 'number' && Number.isInteger(data['errorCount']) && data['errorCount'] >= 0
      );
    case 'height':
      return typeof data['height'] === 'number' && Number.isFinite(data['height']) && data['height'] >= 0;
    case 'key':
      return data['key'] === 'save' || data['key'] === 'escape';
    case 'rendered':
      return isRenderId(data['renderId']);
    default:
      return false;
  }
};
