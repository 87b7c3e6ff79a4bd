import { useEffect, useId, useRef, useState } from 'react';
import type { BulkPolicy, OperationRecord, OperationTarget } from '../../../shared/domain/operations';
import { useJob } from '../../api/use-job';
import { navigate } from '../../app/router';
import { EDIT_KINDS, EDIT_LABELS, EMPTY_FORM, toEdit, type EditForm } from './edit-form';
import { DryRunView, reportOf, ResultView } from './OperationReportView';
import './operations.css';

const numberFormat = new Intl.NumberFormat();
/** Deleting this many or more asks for the count to be typed. */
export const TYPED_CONFIRM_AT = 1000;

interface Props {
  open: boolean;
  target: OperationTarget;
  /** How many identities the target covers now (the plan freezes the exact set). */
  count: number;
  onClose: () => void;
}

type Phase = 'edit' | 'dry-run' | 'report' | 'apply' | 'result' | 'undo' | 'undone';

/**
 * "Bulk edit…": pick the edit → dry run (nothing written) → apply with progress and cancel → the result, with
 * Undo. Each phase is a job of the operations engine; the dialog follows it with `useJob`.
 */
export const BulkEditDialog = ({ open, target, count, onClose }: Props) => {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [form, setForm] = useState<EditForm>(EMPTY_FORM);
  const [policy, setPolicy] = useState<BulkPolicy>('skip');
  const [phase, setPhase] = useState<Phase>('edit');
  const [op, setOp] = useState<OperationRecord | null>(null);
  const [undoOp, setUndoOp] = useState<OperationRecord | null>(null);
  const [typed, setTyped] = useState('');
  const job = useJob<'operation'>();
  const edit = toEdit(form);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    else if (!open && el.open) el.close();
  }, [open]);

  // A job's end moves the dialog on: its report is the operation as it then stands (a cancel keeps one too).
  const record = job.job?.report ?? null;
  useEffect(() => {
    if (record === null || job.running) return;
    if (record.kind === 'undo') {
      setUndoOp(record);
      setPhase('undone');
    } else {
      setOp(record);
      setPhase((p) => (p === 'dry-run' ? 'report' : p === 'apply' ? 'result' : p));
    }
  }, [record, job.running]);
  useEffect(() => {
    if (job.failure !== null || (job.cancelled && record === null)) setPhase((p) => (p === 'dry-run' ? 'edit' : p === 'apply' ? 'report' : p === 'undo' ? 'result' : p));
  }, [job.failure, job.cancelled, record]);

  const close = () => {
    if (job.running) return;
    setPhase('edit');
    setOp(null);
    setUndoOp(null);
    setTyped('');
    onClose();
  };
  const dryRun = () => {
    if ('error' in edit) return;
    setPhase('dry-run');
    job.start((api) => api.operations.plan({ target, edit: edit.edit, policy, dryRun: true }));
  };
  const apply = () => {
    if (!op) return;
    setPhase('apply');
    job.start((api) => api.operations.apply(op.id, { policy }));
  };
  const undo = () => {
    if (!op) return;
    setPhase('undo');
    job.start((api) => api.operations.undo(op.id));
  };

  const dry = op ? reportOf(op).dryRun : undefined;
  const targets = op?.counts['targets'] ?? count;
  const isDelete = form.kind === 'delete';
  const needsTyped = isDelete && targets >= TYPED_CONFIRM_AT;
  const typedOk = !needsTyped || typed.replace(/[\s,._']/g, '') === String(targets);
  const progress = job.job?.progress;

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog op-dialog"
      aria-labelledby={titleId}
      data-testid="bulk-edit-dialog"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <h2 id={titleId}>
        Bulk edit {numberFormat.format(targets)} identit{targets === 1 ? 'y' : 'ies'}
      </h2>
      {phase === 'edit' || phase === 'dry-run' ? (
        <div className="op-form">
          <label>
            <span>Edit</span>
            <select aria-label="Edit" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as EditForm['kind'] })} disabled={job.running}>
              {EDIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {EDIT_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <EditFields form={form} onChange={setForm} />
          <fieldset className="op-policy">
            <legend>If some identities fail</legend>
            <label>
              <input type="radio" name="policy" checked={policy === 'skip'} onChange={() => setPolicy('skip')} /> Skip them (they are reported), change the rest
            </label>
            <label>
              <input type="radio" name="policy" checked={policy === 'all'} onChange={() => setPolicy('all')} /> All or nothing
            </label>
          </fieldset>
          {'error' in edit ? <p className="op-hint">{edit.error}</p> : null}
        </div>
      ) : null}
      {(phase === 'report' || phase === 'apply') && dry ? <DryRunView report={dry} /> : null}
      {(phase === 'result' || phase === 'undo') && op ? <ResultView op={op} /> : null}
      {phase === 'undone' && undoOp ? <ResultView op={undoOp} /> : null}
      {phase === 'report' && needsTyped ? (
        <label className="op-typed">
          <span>
            This deletes {numberFormat.format(targets)} identities. Type <strong>{targets}</strong> to confirm.
          </span>
          <input aria-label="Type the number of identities to delete" value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="numeric" />
        </label>
      ) : null}
      {job.running ? (
        <div className="op-progress" role="status" aria-live="polite">
          <progress value={progress?.done ?? 0} max={progress?.total ?? undefined} aria-label="Progress" />
          <span data-testid="operation-progress">
            {phase === 'dry-run' ? 'Dry run' : phase === 'undo' ? 'Undoing' : 'Applying'}: {numberFormat.format(progress?.done ?? 0)}
            {progress?.total ? ` of ${numberFormat.format(progress.total)}` : ''}
          </span>
        </div>
      ) : null}
      {job.failure ? (
        <p role="alert" className="op-error">
          {job.failure}
        </p>
      ) : null}
      <div className="confirm-dialog-actions">
        {job.running ? (
          <button type="button" onClick={job.cancel}>
            Cancel {phase === 'apply' ? 'after this batch' : ''}
          </button>
        ) : (
          <button type="button" onClick={close}>
            Close
          </button>
        )}
        {phase === 'edit' ? (
          <button type="button" className="button-primary" onClick={dryRun} disabled={'error' in edit}>
            Dry run
          </button>
        ) : null}
        {phase === 'report' ? (
          <>
            <button type="button" onClick={() => setPhase('edit')}>
              Change the edit
            </button>
            <button type="button" className={isDelete ? 'button-danger' : 'button-primary'} onClick={apply} disabled={!typedOk || (dry?.wouldChange ?? 0) === 0}>
              {isDelete ? 'Delete' : 'Apply'} {numberFormat.format(dry?.wouldChange ?? 0)}
            </button>
          </>
        ) : null}
        {phase === 'result' && op && (op.state === 'applied' || op.state === 'partial') ? (
          <>
            {op.state === 'partial' ? (
              <button type="button" onClick={apply}>
                Resume
              </button>
            ) : null}
            <button type="button" onClick={undo}>
              Undo
            </button>
          </>
        ) : null}
        {phase === 'result' || phase === 'undone' ? (
          <button type="button" onClick={() => navigate('/operations')}>
            Operations history
          </button>
        ) : null}
      </div>
    </dialog>
  );
};

const EditFields = ({ form, onChange }: { form: EditForm; onChange: (f: EditForm) => void }) => {
  const set = (patch: Partial<EditForm>) => onChange({ ...form, ...patch });
  const value =
    form.kind === 'set-trait' || form.kind === 'set-metadata' ? (
      <>
        <fieldset className="op-value-mode">
          <legend>Value</legend>
          <label>
            <input type="radio" name="value-mode" checked={form.valueMode === 'literal'} onChange={() => set({ valueMode: 'literal' })} /> A value
          </label>
          <label>
            <input type="radio" name="value-mode" checked={form.valueMode === 'template'} onChange={() => set({ valueMode: 'template' })} /> From the identity
          </label>
        </fieldset>
        {form.valueMode === 'literal' ? (
          <label>
            <span>Value (JSON; plain text is a string)</span>
            <input aria-label="Value" value={form.literal} onChange={(e) => set({ literal: e.target.value })} />
          </label>
        ) : (
          <div className="op-row">
            <label>
              <span>Copy from</span>
              <input aria-label="Copy from" value={form.from} onChange={(e) => set({ from: e.target.value })} />
            </label>
            <label>
              <span>Then</span>
              <select aria-label="Transform" value={form.transform} onChange={(e) => set({ transform: e.target.value as EditForm['transform'] })}>
                <option value="">as it is</option>
                <option value="lower">lower-case</option>
                <option value="upper">upper-case</option>
                <option value="trim">trim spaces</option>
              </select>
            </label>
          </div>
        )}
      </>
    ) : null;
  switch (form.kind) {
    case 'state':
      return (
        <label>
          <span>New state</span>
          <select aria-label="New state" value={form.state} onChange={(e) => set({ state: e.target.value === 'active' ? 'active' : 'inactive' })}>
            <option value="inactive">Inactive (deactivate)</option>
            <option value="active">Active (activate)</option>
          </select>
        </label>
      );
    case 'set-trait':
    case 'remove-trait':
      return (
        <>
          <label>
            <span>Trait (a pointer inside traits)</span>
            <input aria-label="Trait" placeholder="/email" value={form.trait} onChange={(e) => set({ trait: e.target.value })} />
          </label>
          {value}
        </>
      );
    case 'set-metadata':
    case 'remove-metadata':
      return (
        <>
          <div className="op-row">
            <label>
              <span>Metadata</span>
              <select aria-label="Metadata" value={form.metadata} onChange={(e) => set({ metadata: e.target.value === 'metadata_admin' ? 'metadata_admin' : 'metadata_public' })}>
                <option value="metadata_public">metadata_public</option>
                <option value="metadata_admin">metadata_admin</option>
              </select>
            </label>
            <label>
              <span>Key</span>
              <input aria-label="Key" value={form.key} onChange={(e) => set({ key: e.target.value })} />
            </label>
          </div>
          {value}
        </>
      );
    case 'patch':
      return (
        <label>
          <span>JSON Patch (add, remove, replace; Kratos refuses /id, /credentials…)</span>
          <textarea aria-label="JSON Patch" rows={5} value={form.patch} onChange={(e) => set({ patch: e.target.value })} spellCheck={false} />
        </label>
      );
    case 'delete':
      return <p className="op-hint">The dry run lists who would be deleted. A delete is undone from the history, byte for byte.</p>;
  }
};
