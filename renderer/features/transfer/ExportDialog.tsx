import { useEffect, useState } from 'react';
import type { SearchQuery } from '../../../shared/domain/search';
import type { FileGrant, TransferFormat } from '../../../shared/domain/transfer';
import { TRANSFER_FORMATS } from '../../../shared/domain/transfer';
import { fileTransfer } from '../../api/client';
import { messageOf } from '../../api/error-details';
import { useApi } from '../../api/use-api';
import { useJob } from '../../api/use-job';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import './transfer.css';

const numberFormat = new Intl.NumberFormat();
const EXTENSION: Record<TransferFormat, string> = { json: 'json', ndjson: 'ndjson', csv: 'csv' };

interface Props {
  open: boolean;
  /** The identity browser's query as it is: text, schema, state, dates and order. */
  query: SearchQuery;
  count: number;
  exact: boolean;
  onClose: () => void;
}

/** "Export N matches…": the current search and filters to a Kratos JSON, NDJSON or CSV file, hashes only when asked. */
export const ExportDialog = ({ open, query, count, exact, onClose }: Props) => {
  const api = useApi();
  const files = fileTransfer();
  const job = useJob<'export'>();
  const [format, setFormat] = useState<TransferFormat>('json');
  const [credentials, setCredentials] = useState(false);
  const [target, setTarget] = useState<FileGrant | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [delivered, setDelivered] = useState<string | null>(null);

  useEffect(() => {
    if (!job.report || !target) return;
    files.deliver(target).then(
      () => setDelivered(`Exported ${numberFormat.format(job.report?.exported ?? 0)} identities to ${target.name}.`),
      (err: unknown) => setProblem(messageOf(err)),
    );
    setTarget(null);
  }, [job.report, target, files]);

  const start = async () => {
    setProblem(null);
    setDelivered(null);
    try {
      const grant = await files.saveTarget(api, format, `identities.${EXTENSION[format]}`);
      if (grant === null) return;
      setTarget(grant);
      const { limit: _l, after: _a, position: _p, ...filters } = query;
      job.start((a) => a.transfer.exportFile({ grant: grant.grant, format, ...filters, ...(credentials ? { includeCredentials: true } : {}) }));
    } catch (err) {
      setProblem(messageOf(err));
    }
  };

  return (
    <ConfirmDialog open={open} title={`Export ${exact ? '' : '≥ '}${numberFormat.format(count)} ${count === 1 && exact ? 'match' : 'matches'}`} confirmLabel={job.running ? 'Exporting…' : 'Export'} busy={job.running} onConfirm={() => void start()} onCancel={onClose}>
      <div className="tr-export">
        <p className="hint">The current search and filters (dates included) and the list's order.</p>
        <label>
          <span>Format</span>
          <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as TransferFormat)}>
            {TRANSFER_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f === 'json' ? 'Kratos JSON' : f.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="tr-radio">
          <input type="checkbox" checked={credentials} onChange={(e) => setCredentials(e.target.checked)} />
          Include credentials (password hashes), like Kratos's include_credential
        </label>
        {credentials ? <p className="hint">The file will hold password hashes: keep it as safe as the store.</p> : null}
        {job.running ? (
          <p role="status">
            <progress aria-label="Export progress" /> {numberFormat.format(job.job?.progress.done ?? 0)} written…{' '}
            <button type="button" onClick={job.cancel}>
              Stop the export
            </button>
          </p>
        ) : null}
        {delivered ? (
          <p role="status" data-testid="export-done">
            {delivered}
          </p>
        ) : null}
        {problem ?? job.failure ? (
          <p role="alert" className="error-panel">
            {problem ?? job.failure}
          </p>
        ) : null}
      </div>
    </ConfirmDialog>
  );
};
