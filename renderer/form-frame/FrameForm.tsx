import Form, { getDefaultRegistry } from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, FieldErrorProps, RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { FormBoundary } from './FormBoundary';
import { FRAME_PROTOCOL, isParentMessage, safeUiSchema, type FrameMessage, type RenderMessage } from './protocol';

// Kratos's own formats: `tel` and `no-validate` are checked by the backend (libphonenumber, Kratos's
// email rules); here they only must not make ajv throw on an unknown format.
const validator = customizeValidator({ customFormats: { tel: () => true, 'no-validate': () => true } });

const NO_SUBMIT: UiSchema = { 'ui:submitButtonOptions': { norender: true } };

/** The parent's uiSchema, minus markup options, and never a submit button (the parent owns saving). */
const uiSchemaOf = (render: RenderMessage | null): UiSchema =>
  render?.uiSchema ? { ...safeUiSchema(render.uiSchema), ...NO_SUBMIT } : NO_SUBMIT;

/** Tells the parent a render is on screen: rAF runs before paint, a task posted from it after. */
const ackAfterPaint = (renderId: string): void => {
  requestAnimationFrame(() => setTimeout(() => post({ protocol: FRAME_PROTOCOL, type: 'rendered', renderId }), 0));
};

const post = (message: FrameMessage): void => {
  // The parent's origin is not known to an opaque-origin frame; the message carries only what the
  // parent itself sent, so '*' leaks nothing.
  window.parent.postMessage(message, '*');
};

/** Keys that must reach the parent even while focus is inside the frame. */
const onKey = (event: KeyboardEvent): void => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
    event.preventDefault();
    post({ protocol: FRAME_PROTOCOL, type: 'key', key: 'save' });
  } else if (event.key === 'Escape') {
    post({ protocol: FRAME_PROTOCOL, type: 'key', key: 'escape' });
  }
};

/** Count ajv's errors that the backend has not already explained at the same field. */
const withoutDuplicates = (errors: RJSFValidationError[], extra: ErrorSchema): RJSFValidationError[] =>
  errors.filter((e) => {
    let node: unknown = extra;
    for (const part of (e.property ?? '').split('.').filter(Boolean)) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    const list = typeof node === 'object' && node !== null ? (node as { __errors?: unknown }).__errors : undefined;
    return !(Array.isArray(list) && list.length > 0);
  });

/** The backend's messages at a field's path in the extraErrors (rjsf's ErrorSchema), [] when it has none. */
const serverErrorsAt = (extra: ErrorSchema | undefined, path: readonly (string | number)[]): string[] => {
  let node: unknown = extra;
  for (const part of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(part)] : undefined;
  const list = typeof node === 'object' && node !== null ? (node as { __errors?: unknown }).__errors : undefined;
  return Array.isArray(list) ? list.filter((e): e is string => typeof e === 'string') : [];
};

const ServerErrors = createContext<ErrorSchema | undefined>(undefined);
const DefaultFieldErrors = getDefaultRegistry().templates.FieldErrorTemplate;

/**
 * A field's messages, each problem once: where the backend (Kratos's verdict) has spoken about a field, only its
 * messages show. rjsf keeps the ajv errors of the last keystroke when new extraErrors arrive (it re-merges them
 * without running transformErrors again), so without this a field read "must match format" and Kratos's
 * '"x" is not valid "email"' together until the next keystroke.
 */
const FieldErrors = (props: FieldErrorProps) => {
  const server = serverErrorsAt(useContext(ServerErrors), props.fieldPathId.path);
  return <DefaultFieldErrors {...props} errors={server.length > 0 ? server : props.errors} />;
};

const TEMPLATES = { FieldErrorTemplate: FieldErrors };

export const FrameForm = () => {
  const [render, setRender] = useState<RenderMessage | null>(null);
  const [formData, setFormData] = useState<unknown>(undefined);
  const resetKey = useRef<string | null>(null);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      // Only the embedding window may drive the form, and only with a well-formed message.
      if (event.source !== window.parent || !isParentMessage(event.data)) return;
      const message = event.data;
      if (message.resetKey !== resetKey.current) {
        resetKey.current = message.resetKey;
        setFormData(message.formData);
      }
      document.documentElement.dataset['theme'] = message.theme;
      setRender(message);
    };
    window.addEventListener('message', onMessage);
    window.addEventListener('keydown', onKey);
    post({ protocol: FRAME_PROTOCOL, type: 'ready' });
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  useEffect(() => {
    // The parent sizes the iframe to the form, so the page has one scrollbar, not two.
    // The body, not the root: the root's scrollHeight never drops below the iframe's own height.
    const observer = new ResizeObserver(() =>
      post({ protocol: FRAME_PROTOCOL, type: 'height', height: document.body.getBoundingClientRect().height }),
    );
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const uiSchema = useMemo(() => uiSchemaOf(render), [render]);
  useEffect(() => {
    if (render?.renderId !== undefined) ackAfterPaint(render.renderId);
  }, [render]);

  if (!render) return <p className="frame-loading">Loading the form…</p>;
  const extraErrors = render.extraErrors as ErrorSchema;
  const onChange = (event: IChangeEvent) => {
    setFormData(event.formData);
    post({ protocol: FRAME_PROTOCOL, type: 'change', formData: event.formData, errorCount: event.errors.length });
  };
  return (
    <FormBoundary schema={render.schema}>
      <ServerErrors.Provider value={extraErrors}>
        <Form
          templates={TEMPLATES}
          schema={render.schema as RJSFSchema}
          uiSchema={uiSchema}
          validator={validator}
          formData={formData}
          extraErrors={extraErrors}
          onChange={onChange}
          transformErrors={(errors) => withoutDuplicates(errors, extraErrors)}
          liveValidate="onChange"
          showErrorList={false}
          noHtml5Validate
          readonly={render.readOnly}
        />
      </ServerErrors.Provider>
    </FormBoundary>
  );
};
