import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import type { OperationRecord } from '../../../shared/domain/operations';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { useJob } from '../../api/use-job';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatTimestamp } from '../identity-browser/identity-view';
import { describeEdit, describeTarget } from './edit-form';
import { DryRunView, reportOf, ResultView } from './OperationReportView';
import './operations.css';

const numberFormat = new Intl.NumberFormat();
const UNDOABLE = new Set(['applied', 'partial', 'cancelled', 'failed']);

/** A planned bulk edit whose dry run ran reads "dry-run" (the store keeps it as planned with its report). */
export const stateLabel = (op: OperationRecord): string => op.state;

const countsText = (op: OperationRecord): string => {
  const c = op.counts;
  if (op.kind === 'undo') return `${numberFormat.format(c['reverted'] ?? 0)} reverted, ${numberFormat.format(c['changedSince'] ?? 0)} changed since`;
  if (op.kind === 'import') return `${numberFormat.format(c['imported'] ?? 0)} imported, ${numberFormat.format(c['skipped'] ?? 0)} skipped`;
  const dry = reportOf(op).dryRun;
  if (op.state === 'planned' || op.state === 'dry-run') return dry ? `${numberFormat.format(dry.wouldChange)} would change of ${numberFormat.format(dry.targets)}` : `${numberFormat.format(c['targets'] ?? 0)} targets`;
  return `${numberFormat.format(c['applied'] ?? 0)} changed of ${numberFormat.format(c['targets'] ?? 0)}, ${numberFormat.format(c['failed'] ?? 0)} failed`;
};

/** `/operations`: every operation on many identities (bulk edits, imports, undos) with who, when, what, counts and Undo. */
export const OperationsPage = () => {
  const api = useApi();
  const list = useQuery({ queryKey: queryKeys.operations, queryFn: () => api.operations.list({ limit: 200 }) });
  const [open, setOpen] = useState<string | null>(null);
  const job = useJob<'operation'>();
  const [undoing, setUndoing] = useState<string | null>(null);
  const [asked, setAsked] = useState<OperationRecord | null>(null);
  useEffect(() => {
    if (!job.running) setUndoing(null);
  }, [job.running]);

  return (
    <section className="op-page" aria-labelledby="op-title">
      <header className="ib-page-head">
        <h1 id="op-title">Operations</h1>
        <p className="ib-muted">Bulk edits, imports and undos, newest first. An undo reverts what an operation changed, except identities changed since.</p>
      </header>
      {job.running ? (
        <p role="status" data-testid="operation-progress">
          Undoing: {numberFormat.format(job.job?.progress.done ?? 0)}
          {job.job?.progress.total ? ` of ${numberFormat.format(job.job.progress.total)}` : ''}{' '}
          <button type="button" onClick={job.cancel}>
            Cancel
          </button>
        </p>
      ) : null}
      {job.failure ? <p role="alert">{job.failure}</p> : null}
      {list.error ? (
        <div role="alert" className="panel error-panel">
          {list.error.message}
        </div>
      ) : list.data && list.data.length === 0 ? (
        <p className="panel">No operations yet. Select identities in the browser and choose “Bulk edit…”.</p>
      ) : (
        <table data-testid="operations-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">State</th>
              <th scope="col">Who</th>
              <th scope="col">Target</th>
              <th scope="col">Edit</th>
              <th scope="col">Counts</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((op) => (
              <Fragment key={op.id}>
                <tr data-operation-id={op.id}>
                  <td>{formatTimestamp(op.startedAt)}</td>
                  <td>{op.kind}</td>
                  <td className="op-state">{stateLabel(op)}</td>
                  <td>{op.actor}</td>
                  <td>{describeTarget(op.target)}</td>
                  <td>{describeEdit(op.edit)}</td>
                  <td>{countsText(op)}</td>
                  <td>
                    <button type="button" aria-expanded={open === op.id} onClick={() => setOpen(open === op.id ? null : op.id)}>
                      {open === op.id ? 'Hide' : 'Details'}
                    </button>{' '}
                    {op.kind !== 'undo' && UNDOABLE.has(op.state) ? (
                      <button
                        type="button"
                        disabled={job.running}
                        onClick={() => setAsked(op)}
                      >
                        {undoing === op.id ? 'Undoing…' : 'Undo'}
                      </button>
                    ) : null}
                  </td>
                </tr>
                {open === op.id ? (
                  <tr>
                    <td colSpan={8} className="op-details">
                      {op.state === 'planned' || op.state === 'dry-run' ? (reportOf(op).dryRun ? <DryRunView report={reportOf(op).dryRun!} /> : <p>Planned; no dry run yet.</p>) : <ResultView op={op} />}
                      <p className="ib-muted">
                        Operation <code>{op.id}</code>
                        {op.finishedAt ? `, finished ${formatTimestamp(op.finishedAt)}` : ''}.{' '}
                        <a
                          href={`/history?operation=${encodeURIComponent(op.id)}`}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate(`/history?operation=${encodeURIComponent(op.id)}`);
                          }}
                        >
                          Its changes in History
                        </a>
                      </p>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={asked !== null}
        title="Undo this operation?"
        confirmLabel="Undo"
        danger={asked?.kind === 'import'}
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          if (!asked) return;
          const id = asked.id;
          setAsked(null);
          setUndoing(id);
          job.start((a) => a.operations.undo(id));
        }}
      >
        {asked ? (
          <p>
            {asked.kind === 'import' ? 'The identities this import created are deleted' : 'Every change this operation made is reverted'} ({countsText(asked)}), as a new operation in
            this history. Identities changed since are left as they are and listed.
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
};
