/**
 * The message protocol between the privileged window and the sandboxed form frame (design §7).
 * The frame runs @rjsf/core with ajv, which generates code and so needs `unsafe-eval`; it lives in
 * an opaque origin with no bridge and no token. Both sides validate every message's shape before
 * use, because either side could be handed a message from something else.
 */

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
}

export type ParentMessage = RenderMessage;

/** Frame → parent. */
export type FrameMessage =
  | { protocol: typeof FRAME_PROTOCOL; type: 'ready' }
  | { protocol: typeof FRAME_PROTOCOL; type: 'change'; formData: unknown; errorCount: number }
  | { protocol: typeof FRAME_PROTOCOL; type: 'height'; height: number }
  | { protocol: typeof FRAME_PROTOCOL; type: 'key'; key: 'save' | 'escape' };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
  (data['theme'] === 'light' || data['theme'] === 'dark');

export const isFrameMessage = (data: unknown): data is FrameMessage => {
  if (!isRecord(data) || data['protocol'] !== FRAME_PROTOCOL) return false;
  switch (data['type']) {
    case 'ready':
      return true;
    case 'change':
      return 'formData' in data && typeof data['errorCount'] === 'number' && Number.isInteger(data['errorCount']) && data['errorCount'] >= 0;
    case 'height':
      return typeof data['height'] === 'number' && Number.isFinite(data['height']) && data['height'] >= 0;
    case 'key':
      return data['key'] === 'save' || data['key'] === 'escape';
    default:
      return false;
  }
};
