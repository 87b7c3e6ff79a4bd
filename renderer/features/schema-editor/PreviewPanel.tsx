import { isRecord } from '../../../shared/json';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FlowForm, FlowKind } from '../../../shared/schema-tools';
import { FormFrame } from '../../components/FormFrame';
import type { FieldErrors } from '../../form-frame/protocol';

const TAB_LABEL: Record<FlowKind, string> = { registration: 'Registration', settings: 'Settings', admin: 'Admin edit' };

export interface PreviewData {
  traits: unknown;
  password: string;
}

interface Props {
  forms: readonly FlowForm[];
  /** Increments with every new body; echoed by the frame once painted (`data-preview-rendered`). */
  version: number;
  /** The preview shows the last body that parsed; this says so while the text does not. */
  stale: boolean;
  data: PreviewData;
  /** Changes when the data is replaced from outside the form (paste, clear). */
  dataKey: number;
  extraErrors: FieldErrors;
  onData(data: PreviewData): void;
  onSave(): void;
}


/** Kratos's flows as forms (@rjsf/core in the sandboxed frame): registration, settings, admin edit. */
export const PreviewPanel = ({ forms, version, stale, data, dataKey, extraErrors, onData, onSave }: Props) => {
  const ids = useId();
  const [kind, setKind] = useState<FlowKind>('registration');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const panel = useRef<HTMLDivElement>(null);
  const active = forms.find((f) => f.kind === kind) ?? forms[0];
  const onTabKey = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? forms.length - 1 : (index + delta + forms.length) % forms.length;
    if (delta === 0 && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const form = forms[next];
    if (form) setKind(form.kind);
    tabs.current[next]?.focus();
  };
  const registration = active?.kind === 'registration';
  const formData = useMemo(
    () => ({ traits: data.traits ?? {}, ...(registration ? { password: data.password } : {}) }),
    [data.traits, data.password, registration],
  );
  return (
    <section className="se-card se-preview" aria-labelledby={`${ids}-title`} data-testid="preview">
      <h2 id={`${ids}-title`}>
        Preview {stale ? <span className="se-warning-text se-small">showing the last version that parsed</span> : null}
      </h2>
      <div role="tablist" aria-label="Flow" className="se-tabs">
        {forms.map((f, i) => (
          <button
            key={f.kind}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${ids}-tab-${f.kind}`}
            aria-selected={f.kind === active?.kind}
            aria-controls={`${ids}-panel`}
            tabIndex={f.kind === active?.kind ? 0 : -1}
            onClick={() => setKind(f.kind)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {TAB_LABEL[f.kind]}
          </button>
        ))}
      </div>
      {active ? (
        <div
          ref={panel}
          role="tabpanel"
          id={`${ids}-panel`}
          aria-labelledby={`${ids}-tab-${active.kind}`}
          className="se-tabpanel"
          data-testid="preview-panel"
          data-flow={active.kind}
          data-preview-version={version}
        >
          <FormFrame
            title={`${active.title} form preview`}
            schema={active.schema}
            uiSchema={active.uiSchema}
            formData={formData}
            resetKey={`${active.kind}:${dataKey}`}
            extraErrors={extraErrors}
            renderId={String(version)}
            onRendered={(id) => {
              // Written straight to the DOM: a state update per paint would re-render the preview for nothing.
              if (panel.current) panel.current.dataset['previewRendered'] = id;
            }}
            onChange={(next) => {
              const value = isRecord(next) ? next : {};
              onData({ traits: value['traits'] ?? {}, password: typeof value['password'] === 'string' ? value['password'] : '' });
            }}
            onSave={onSave}
          />
          <ul className="se-notes" aria-label={`What Kratos does in ${TAB_LABEL[active.kind]}`}>
            {active.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
};
