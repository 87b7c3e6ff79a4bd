import { useQuery } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import type { FileGrant, ImportFileInfo, ImportReport } from '../../../shared/domain/transfer';
import { IMPORT_EXISTING_POLICIES, TRANSFER_FORMATS } from '../../../shared/domain/transfer';
import { fileTransfer } from '../../api/client';
import { messageOf } from '../../api/error-details';
import { saveBlob } from '../../api/file-transfer';
import { queryKeys, useApi } from '../../api/use-api';
import { useJob } from '../../api/use-job';
import { importRequest, initialChoices, type ImportChoices } from './import-request';
import './transfer.css';

const numberFormat = new Intl.NumberFormat();

const POLICY_LABEL: Record<(typeof IMPORT_EXISTING_POLICIES)[number], string> = {
  fail: 'Stop: count it as an error',
  skip: 'Skip it: keep the stored identity',
  overwrite: 'Overwrite the stored identity',
};

/**
 * `/import`: pick or drop a file, choose the schema and (CSV) the column mapping, what to do with identities that
 * exist and with invalid records, then a dry run (every check for real, nothing written), then the import with
 * progress and Cancel, and a report to download. The dry run must be of the same choices as the import.
 */
export const ImportPage = () => {
  const api = useApi();
  const files = fileTransfer();
  const schemas = useQuery({ queryKey: queryKeys.schemas, queryFn: () => api.schemas.list() });
  const [file, setFile] = useState<FileGrant | null>(null);
  const [info, setInfo] = useState<ImportFileInfo | null>(null);
  const [choices, setChoices] = useState<ImportChoices | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dryRunOf, setDryRunOf] = useState<string | null>(null);
  const dry = useJob<'import'>();
  const run = useJob<'import'>();
  const defaultSchema = schemas.data?.find((s) => s.isDefault)?.id ?? '';

  const inspect = async (grant: FileGrant, schemaId: string, format?: ImportChoices['format']) => {
    const found = await api.transfer.inspectFile({ grant: grant.grant, ...(schemaId ? { schemaId } : {}), ...(format ? { format } : {}) });
    setInfo(found);
    return found;
  };

  const open = async (choose: () => Promise<FileGrant | null>) => {
    setProblem(null);
    setBusy(true);
    try {
      const grant = await choose();
      if (grant === null) return;
      const found = await inspect(grant, defaultSchema);
      setFile(grant);
      setChoices(initialChoices(found, defaultSchema));
      setDryRunOf(null);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const dropped = event.dataTransfer.files[0];
    if (!dropped) return;
    if (files.desktop) setProblem('The desktop app reads files through its own dialog: use "Choose file…".');
    else void open(() => files.upload(dropped));
  };

  const chooseInPage = () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,.ndjson,.jsonl,.csv';
    input.onchange = () => {
      const chosen = input.files?.[0];
      if (chosen) void open(() => files.upload(chosen));
    };
    input.click();
  };

  const change = (patch: Partial<ImportChoices>) => {
    if (!choices || !file) return;
    const next = { ...choices, ...patch };
    setChoices(next);
    // A new schema has other trait columns: suggest the mapping again.
    if (patch.schemaId !== undefined || patch.format !== undefined) {
      void inspect(file, next.schemaId, next.format).then(
        (found) => setChoices({ ...next, mapping: initialChoices(found, next.schemaId).mapping }),
        (err: unknown) => setProblem(messageOf(err)),
      );
    }
  };

  const signature = file && choices ? JSON.stringify(importRequest(file.grant, choices, false)) : null;
  const dryReport = dry.report && dryRunOf === signature ? dry.report : null;
  const startDryRun = () => {
    if (!file || !choices || signature === null) return;
    setDryRunOf(signature);
    dry.start((a) => a.transfer.importFile(importRequest(file.grant, choices, true)));
  };
  const startImport = () => {
    if (!file || !choices) return;
    run.start((a) => a.transfer.importFile(importRequest(file.grant, choices, false)));
  };
  const template = async () => {
    if (!choices?.schemaId && !defaultSchema) return;
    const id = choices?.schemaId || defaultSchema;
    try {
      saveBlob(new Blob([await api.transfer.csvTemplate(id)], { type: 'text/csv' }), `${id}-template.csv`);
    } catch (err) {
      setProblem(messageOf(err));
    }
  };
  const finished = run.report !== null || run.failure !== null || run.cancelled;
  const reset = () => {
    setFile(null);
    setInfo(null);
    setChoices(null);
    setDryRunOf(null);
    setProblem(null);
  };

  return (
    <section className="tr-page" aria-labelledby="tr-import-title">
      <header className="tr-head">
        <h1 id="tr-import-title">Import identities</h1>
        <button type="button" onClick={() => void template()} disabled={!defaultSchema && !choices?.schemaId}>
          Download CSV template
        </button>
      </header>
      {problem ? (
        <div role="alert" className="panel error-panel">
          {problem}
        </div>
      ) : null}

      {file === null ? (
        <div className="tr-drop" data-testid="import-drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          <p>Drop a Kratos JSON export, an NDJSON file or a CSV file here, or</p>
          <button type="button" className="button-primary" disabled={busy} onClick={() => (files.desktop ? void open(() => files.pick(api, [...TRANSFER_FORMATS])) : chooseInPage())}>
            {busy ? 'Reading…' : 'Choose file…'}
          </button>
          <p className="hint">Records without a schema_id get the schema you choose next. Nothing is written before you import.</p>
        </div>
      ) : choices && info ? (
        <>
          <div className="panel tr-options">
            <p>
              File: <strong data-testid="import-file-name">{file.name}</strong>{' '}
              <button type="button" onClick={reset} disabled={run.running || dry.running}>
                Choose another file
              </button>
            </p>
            <label>
              <span>Format</span>
              <select aria-label="Format" value={choices.format} onChange={(e) => change({ format: e.target.value as ImportChoices['format'] })}>
                {TRANSFER_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f === 'json' ? 'Kratos JSON' : f.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Schema for records without one</span>
              <select aria-label="Schema for records without one" value={choices.schemaId} onChange={(e) => change({ schemaId: e.target.value })}>
                {(schemas.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id}
                    {s.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>An identity whose id is already stored</legend>
              {IMPORT_EXISTING_POLICIES.map((p) => (
                <label key={p} className="tr-radio">
                  <input type="radio" name="on-existing" checked={choices.onExisting === p} onChange={() => change({ onExisting: p })} />
                  {POLICY_LABEL[p]}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Invalid records</legend>
              <label className="tr-radio">
                <input type="radio" name="invalid" checked={choices.invalid === 'skip'} onChange={() => change({ invalid: 'skip' })} />
                Skip them and report them
              </label>
              <label className="tr-radio">
                <input type="radio" name="invalid" checked={choices.invalid === 'all'} onChange={() => change({ invalid: 'all' })} />
                Import nothing if any record is invalid
              </label>
            </fieldset>
          </div>

          {info.columns ? (
            <div className="panel">
              <h2>Columns</h2>
              <p className="hint">Each CSV column goes to a trait path or an identity field; the suggestions come from the header and the schema.</p>
              <table className="tr-table" aria-label="Column mapping">
                <thead>
                  <tr>
                    <th scope="col">CSV column</th>
                    <th scope="col">Goes to</th>
                  </tr>
                </thead>
                <tbody>
                  {info.columns.map((c) => (
                    <tr key={c.name}>
                      <td className="tr-mono">{c.name}</td>
                      <td>
                        <select
                          aria-label={`Column ${c.name} goes to`}
                          value={choices.mapping[c.name] ?? ''}
                          onChange={(e) => change({ mapping: { ...choices.mapping, [c.name]: e.target.value } })}
                        >
                          <option value="">(ignore this column)</option>
                          <optgroup label="Traits">
                            {info.traitPaths.map((p) => (
                              <option key={p} value={p}>
                                traits.{p}
                              </option>
                            ))}
                          </optgroup>
                          <optgroup label="Identity fields">
                            {info.identityColumns.map((p) => (
                              <option key={p} value={p}>
                                {p}
                              </option>
                            ))}
                          </optgroup>
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}

          <div className="tr-actions">
            <button type="button" onClick={startDryRun} disabled={dry.running || run.running || finished}>
              {dry.running ? 'Checking…' : 'Dry run'}
            </button>
            <button type="button" className="button-primary" onClick={startImport} disabled={dryReport === null || run.running || finished}>
              Import
            </button>
            {dry.running ? (
              <button type="button" onClick={dry.cancel}>
                Cancel dry run
              </button>
            ) : null}
            {dryReport === null && !finished ? <span className="hint">Run a dry run of these choices first.</span> : null}
          </div>
          {dry.failure ? (
            <div role="alert" className="panel error-panel" data-testid="dry-run-failure">
              {dry.failure}
            </div>
          ) : null}
          {dryReport ? <ReportView title="Dry run" report={dryReport} fileName={file.name} /> : null}

          {run.running ? (
            <div className="panel" role="status" data-testid="import-progress">
              <progress aria-label="Import progress" />
              <span>
                {numberFormat.format(run.job?.progress.done ?? 0)} records read…
              </span>{' '}
              <button type="button" onClick={run.cancel}>
                Cancel
              </button>
            </div>
          ) : null}
          {run.cancelled ? (
            <div role="status" className="panel warning-panel">
              The import was cancelled.{' '}
              {choices.invalid === 'all' ? 'Nothing was written.' : 'Batches written before the cancel are kept (see the operation).'}
            </div>
          ) : null}
          {run.failure ? (
            <div role="alert" className="panel error-panel" data-testid="import-failure">
              {run.failure}
            </div>
          ) : null}
          {run.report ? <ReportView title="Imported" report={run.report} fileName={file.name} /> : null}
        </>
      ) : null}
    </section>
  );
};

const ReportView = ({ title, report, fileName }: { title: string; report: ImportReport; fileName: string }) => (
  <div className="panel tr-report" data-testid={report.dryRun ? 'dry-run-report' : 'import-report'}>
    <h2>{title}</h2>
    <dl className="tr-counts">
      <dt>{report.dryRun ? 'Would import' : 'Imported'}</dt>
      <dd data-testid="report-imported">{numberFormat.format(report.imported)}</dd>
      <dt>Invalid (skipped)</dt>
      <dd data-testid="report-skipped">{numberFormat.format(report.skipped)}</dd>
      <dt>Overwritten</dt>
      <dd>{numberFormat.format(report.overwritten)}</dd>
      <dt>Already stored, left as they are</dt>
      <dd>{numberFormat.format(report.existing)}</dd>
    </dl>
    {report.groups.length > 0 ? (
      <table className="tr-table" aria-label={`${title}: errors`}>
        <thead>
          <tr>
            <th scope="col">Records</th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
            <th scope="col">Lines</th>
          </tr>
        </thead>
        <tbody>
          {report.groups.map((g) => (
            <tr key={`${g.pointer}:${g.message}`}>
              <td>{numberFormat.format(g.count)}</td>
              <td className="tr-mono">{g.pointer}</td>
              <td>{g.message}</td>
              <td className="tr-mono">
                {g.lines.join(', ')}
                {g.count > g.lines.length ? ', …' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p>No invalid records.</p>
    )}
    <button type="button" onClick={() => saveBlob(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }), `${fileName}.${report.dryRun ? 'dry-run' : 'import'}-report.json`)}>
      Download report
    </button>
  </div>
);
