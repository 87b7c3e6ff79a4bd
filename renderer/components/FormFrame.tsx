import { useEffect, useRef, useState } from 'react';
import { FORM_FRAME_PATH } from '../../shared/content-security-policy';
import { FRAME_PROTOCOL, isFrameMessage, type FieldErrors, type RenderMessage } from '../form-frame/protocol';
import { useDocumentTheme } from './use-document-theme';
import './components.css';

/** Served with its own CSP by both hosts (shared/content-security-policy.ts). */
const FRAME_URL = FORM_FRAME_PATH;

interface Props {
  /** Accessible name of the frame, e.g. "Traits of alice@example.com". */
  title: string;
  schema: Record<string, unknown>;
  formData: unknown;
  /** Change it to replace the frame's edits with `formData` (new identity, schema or revert). */
  resetKey: string;
  extraErrors: FieldErrors;
  readOnly?: boolean;
  onChange: (formData: unknown, errorCount: number) => void;
  onSave?: () => void;
  onEscape?: () => void;
  /** rjsf's uiSchema for this form (widgets, order); none by default. */
  uiSchema?: Record<string, unknown>;
  /** Sent with the render; `onRendered` receives it once the frame has painted that render. */
  renderId?: string;
  onRendered?: (renderId: string) => void;
}

/**
 * The parent half of the sandboxed form (design §7): @rjsf/core and ajv run in an opaque-origin
 * iframe that may eval but has no API, no token and no bridge. Only messages from that frame's
 * window with a valid shape are read.
 */
export const FormFrame = (props: Props) => {
  const {
    title,
    schema,
    formData,
    resetKey,
    extraErrors,
    readOnly = false,
    onChange,
    onSave,
    onEscape,
    uiSchema,
    renderId,
    onRendered,
  } = props;
  const frame = useRef<HTMLIFrameElement>(null);
  const [ready, setReady] = useState(false);
  const [height, setHeight] = useState(160);
  const theme = useDocumentTheme();
  // Callbacks change every render; the listener reads the latest without re-subscribing.
  const handlers = useRef({ onChange, onSave, onEscape, onRendered });
  handlers.current = { onChange, onSave, onEscape, onRendered };

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!frame.current || event.source !== frame.current.contentWindow || !isFrameMessage(event.data)) return;
      const message = event.data;
      switch (message.type) {
        case 'ready':
          setReady(true);
          break;
        case 'change':
          handlers.current.onChange(message.formData, message.errorCount);
          break;
        case 'height':
          setHeight(Math.min(20_000, Math.ceil(message.height)));
          break;
        case 'key':
          if (message.key === 'save') handlers.current.onSave?.();
          else handlers.current.onEscape?.();
          break;
        case 'rendered':
          handlers.current.onRendered?.(message.renderId);
          break;
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    if (!ready) return;
    const message: RenderMessage = {
      protocol: FRAME_PROTOCOL,
      type: 'render',
      schema,
      formData,
      resetKey,
      extraErrors,
      readOnly,
      theme,
      ...(uiSchema ? { uiSchema } : {}),
      ...(renderId !== undefined ? { renderId } : {}),
    };
    // An opaque origin cannot be named as a target; the frame is ours and checks the source.
    frame.current?.contentWindow?.postMessage(message, '*');
  }, [ready, schema, formData, resetKey, extraErrors, readOnly, theme, uiSchema, renderId]);

  return (
    <iframe
      ref={frame}
      className="form-frame"
      src={FRAME_URL}
      sandbox="allow-scripts"
      title={title}
      style={{ height }}
      data-ready={ready ? 'true' : 'false'}
    />
  );
};
