import { useId, useMemo, useState } from 'react';
import { diffSchemas } from '../../../shared/schema-tools';
import { messageOf } from '../../api/error-details';
import { DiffList } from './DiffList';
import { ImpactReport } from './ImpactReport';
import { formatCount, identitiesText } from './source-labels';
import { useStoreCheck } from './use-store-check';
import { useSchemaDetail, useSchemaList } from './use-schemas';

export interface CompareTarget {
  /** What the new side is, in words: "the editor's text" or a schema id. */
  label: string;
  text: string;
  /** Null while the text does not parse. */
  body: unknown;
  parses: boolean;
}

interface Props {
  baseId: string | null;
  onBaseChange(id: string | null): void;
  target: CompareTarget;
  /** Ids not offered as the old side (the new side itself, when it is stored). */
  exclude?: string;
}

/**
 * Diff and impact (design §6): what changes between a stored schema and a new one, then how many of
 * the old schema's identities would fail the new one, checked by streaming the store in a worker.
 * This is where the migration wizard continues from.
 */
export const ComparePanel = ({ baseId, onBaseChange, target, exclude }: Props) => {
  const ids = useId();
  const list = useSchemaList();
  const base = useSchemaDetail(baseId);
  const check = useStoreCheck();
  const diff = useMemo(
    () => (base.data && target.parses ? diffSchemas(base.data.body, target.body) : null),
    [base.data, target.parses, target.body],
  );
  // What the last check ran on: its report is shown only for that old schema, and marked stale once the text moves on.
  const [checked, setChecked] = useState<{ baseId: string; text: string } | null>(null);
  const used = base.data?.identityCount ?? 0;
  const runCheck = () => {
    if (!baseId) return;
    setChecked({ baseId, text: target.text });
    check.start({ schemaId: baseId, targetSchema: target.text });
  };
  const current = checked !== null && checked.baseId === baseId;
  const progress = check.job?.progress ?? { done: 0, total: null };
  const percent = progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  return (
    <section className="se-card se-compare" aria-labelledby={`${ids}-title`} data-testid="compare-panel">
      <h2 id={`${ids}-title`}>Compare and check impact</h2>
      <div className="se-form-row">
        <label htmlFor={`${ids}-base`}>Old schema</label>
        <select id={`${ids}-base`} value={baseId ?? ''} onChange={(e) => onBaseChange(e.target.value || null)}>
          <option value="">Choose a stored schema…</option>
          {(list.data ?? [])
            .filter((s) => s.id !== exclude)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} ({identitiesText(s.identityCount)})
              </option>
            ))}
        </select>
        <span className="se-muted">
          → new: <span className="se-mono">{target.label}</span>
        </span>
      </div>
      {!baseId ? (
        <p className="se-muted se-small">Choose the schema your identities use now to see what the new one changes for them.</p>
      ) : base.error ? (
        <p role="alert" className="se-error-text">
          {messageOf(base.error)}
        </p>
      ) : !target.parses ? (
        <p className="se-muted">The new schema is not valid JSON yet: fix the parse errors to compare.</p>
      ) : diff ? (
        <DiffList diff={diff} />
      ) : (
        <p aria-busy="true">Reading {baseId}…</p>
      )}
      {baseId && base.data ? (
        <div className="se-impact">
          <div className="se-actions">
            <button type="button" className="button-primary" onClick={runCheck} disabled={check.running || !target.parses || used === 0}>
              Check impact on {identitiesText(used)}
            </button>
            {check.running ? (
              <button type="button" onClick={check.cancel} disabled={check.job === null}>
                Cancel
              </button>
            ) : null}
          </div>
          {used === 0 ? <p className="se-small se-muted">No identity uses {baseId}: a change cannot break stored data.</p> : null}
          {check.running ? (
            <div className="se-progress" role="status" aria-live="polite" data-testid="impact-progress">
              <progress max={progress.total ?? undefined} value={progress.total ? progress.done : undefined} aria-label="Identities checked" />
              <span>
                {formatCount(progress.done)} of {progress.total === null ? '…' : formatCount(progress.total)} checked
                {percent !== null ? ` (${percent}%)` : ''}
              </span>
            </div>
          ) : null}
          {check.cancelled ? <p role="status">Cancelled after {formatCount(progress.done)} identities; nothing was changed.</p> : null}
          {check.failure ? (
            <p role="alert" className="se-error-text" data-testid="impact-error">
              {check.failure}
            </p>
          ) : null}
          {check.report && current ? <ImpactReport report={check.report} baseId={baseId} stale={checked.text !== target.text} /> : null}
        </div>
      ) : null}
    </section>
  );
};
