import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import type { ImportConfigReport } from '../../../shared/domain/schema';
import { useApi } from '../../api/use-api';
import { issuesOf, messageOf } from '../../api/error-details';
import { AppLink } from './AppLink';
import { detectConfigFormat, type FormatChoice } from './config-format';
import { editUrl } from './schema-routes';

const OUTCOME_LABEL = { created: 'created', replaced: 'replaced (unused, body changed)', unchanged: 'unchanged' } as const;

/** Reads `identity.schemas` and `identity.default_schema_id` from a pasted or picked Kratos config (design §6). */
export const ImportConfigPanel = ({ onClose }: { onClose(): void }) => {
  const api = useApi();
  const ids = useId();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [format, setFormat] = useState<FormatChoice>('auto');
  const [allowRemote, setAllowRemote] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => api.schemas.importConfig(text, detectConfigFormat(format, text, fileName), { allowRemote }),
  });
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setReadError(null);
    try {
      setText(await file.text());
      setFileName(file.name);
      run.reset();
    } catch (err) {
      setReadError(`Could not read ${file.name}: ${messageOf(err)}`);
    }
  };
  return (
    <section className="se-card se-panel" aria-labelledby={`${ids}-title`} data-testid="import-config">
      <div className="se-panel-head">
        <h2 id={`${ids}-title`}>Import a Kratos config</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="se-small se-muted">
        Paste the config or pick the file. Schemas given as <code>base64://</code> are imported; <code>file://</code> URLs need the CLI (
        <code>identity-desk schemas import-config</code>), which can read next to the file; remote URLs are never fetched.
      </p>
      <div className="se-form-row">
        <label htmlFor={`${ids}-file`}>Config file</label>
        <input
          id={`${ids}-file`}
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          onChange={(e) => void onFile(e)}
        />
        <label htmlFor={`${ids}-format`}>Format</label>
        <select id={`${ids}-format`} value={format} onChange={(e) => setFormat(e.target.value as FormatChoice)}>
          <option value="auto">Detect</option>
          <option value="yaml">YAML</option>
          <option value="json">JSON</option>
        </select>
        <label className="se-check">
          <input type="checkbox" checked={allowRemote} onChange={(e) => setAllowRemote(e.target.checked)} /> Accept https:// entries
          (reported, not fetched)
        </label>
      </div>
      {readError ? (
        <p role="alert" className="se-error-text">
          {readError}
        </p>
      ) : null}
      <label htmlFor={`${ids}-text`} className="se-label">
        Kratos config {fileName ? <span className="se-muted">({fileName})</span> : null}
      </label>
      <textarea
        id={`${ids}-text`}
        className="se-textarea"
        rows={10}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          run.reset();
        }}
        placeholder={'identity:\n  default_schema_id: customer\n  schemas:\n    - id: customer\n      url: base64://…'}
      />
      <div className="se-actions">
        <button type="button" className="button-primary" disabled={text.trim() === '' || run.isPending} onClick={() => run.mutate()}>
          {run.isPending ? 'Importing…' : 'Import'}
        </button>
      </div>
      <div aria-live="polite">
        {run.error ? (
          <div role="alert" className="se-error-text" data-testid="import-error">
            <p>{messageOf(run.error)}</p>
            {issuesOf(run.error).length > 0 ? (
              <ul>
                {issuesOf(run.error).map((i) => (
                  <li key={`${i.pointer}:${i.message}`}>
                    <span className="se-mono">{i.pointer}</span> {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {run.data ? <ImportReport report={run.data} /> : null}
      </div>
    </section>
  );
};

const ImportReport = ({ report }: { report: ImportConfigReport }) => (
  <div className="se-report" data-testid="import-report">
    <h3>
      Imported {report.imported.length}, skipped {report.skipped.length}
    </h3>
    {report.imported.length > 0 ? (
      <ul>
        {report.imported.map((s) => (
          <li key={s.id}>
            <AppLink to={editUrl(s.id)} className="se-mono">
              {s.id}
            </AppLink>{' '}
            — {OUTCOME_LABEL[s.outcome]}
          </li>
        ))}
      </ul>
    ) : null}
    {report.skipped.length > 0 ? (
      <>
        <h4>Skipped</h4>
        <ul>
          {report.skipped.map((s) => (
            <li key={`${s.id}:${s.url}`}>
              <span className="se-mono">{s.id}</span> (<span className="se-mono se-break">{s.url}</span>): {s.reason}
            </li>
          ))}
        </ul>
      </>
    ) : null}
    <p>
      Default schema: <span className="se-mono">{report.defaultSchemaId ?? 'none'}</span>
    </p>
  </div>
);
