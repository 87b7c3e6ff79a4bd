import { useEffect, useId, useRef, useState } from 'react';
import { SCHEMA_ID_PATTERN } from '../../../shared/domain/schema';

interface Props {
  open: boolean;
  /** Prefilled id (from `schemas.suggestVersionId`); null while it is being asked for. */
  suggestedId: string | null;
  /** Why a new id is needed, shown above the field. */
  reason: string;
  busy: boolean;
  error: string | null;
  onSave(id: string): void;
  onCancel(): void;
}

const ID_RE = new RegExp(SCHEMA_ID_PATTERN);

/** Save the editor's text under a new schema id (`user_v0` → `user_v1`). */
export const SaveAsDialog = ({ open, suggestedId, reason, busy, error, onSave, onCancel }: Props) => {
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [id, setId] = useState('');
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    else if (!open && el.open) el.close();
  }, [open]);
  useEffect(() => {
    if (open && suggestedId !== null) {
      setId(suggestedId);
      requestAnimationFrame(() => input.current?.select());
    }
  }, [open, suggestedId]);
  const invalid = id !== '' && !ID_RE.test(id);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog se-save-dialog"
      aria-labelledby={`${ids}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (id !== '' && !invalid && !busy) onSave(id);
        }}
      >
        <h2 id={`${ids}-title`}>Save as a new schema</h2>
        <p className="se-small">{reason}</p>
        <label htmlFor={`${ids}-id`} className="se-label">
          New schema id
        </label>
        <input
          ref={input}
          id={`${ids}-id`}
          className="se-input se-mono"
          value={id}
          onChange={(e) => setId(e.target.value)}
          aria-invalid={invalid}
          aria-describedby={`${ids}-hint`}
          placeholder={suggestedId === null ? 'Suggesting an id…' : 'e.g. customer_v1'}
          autoComplete="off"
          spellCheck={false}
        />
        <p id={`${ids}-hint`} className={invalid ? 'se-error-text se-small' : 'se-muted se-small'}>
          {invalid
            ? 'Letters, digits and . _ ~ : @ + - only, starting with a letter or digit.'
            : 'Kratos identifies schemas by id; identities keep the id they were created with.'}
        </p>
        {error ? (
          <p role="alert" className="se-error-text" data-testid="save-as-error">
            {error}
          </p>
        ) : null}
        <div className="confirm-dialog-actions">
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={busy || id === '' || invalid}>
            {busy ? 'Saving…' : 'Save new schema'}
          </button>
        </div>
      </form>
    </dialog>
  );
};
