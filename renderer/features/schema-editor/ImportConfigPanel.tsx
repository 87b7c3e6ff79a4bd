import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import type { ConfigSchemaFile } from '../../../shared/api/schemas';
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
  // The schema files the config's file:// URLs name, read here like the config itself: the call carries their text.
  const [schemaFiles, setSchemaFiles] = useState<ConfigSchemaFile[]>([]);
  const run = useMutation({
    mutationFn: () =>
      api.schemas.importConfig(text, detectConfigFormat(format, text, fileName), { allowRemote, ...(schemaFiles.length > 0 ? { files: schemaFiles } : {}) }),
  });
  const onSchemaFiles = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(e.target.files ?? [])];
    setReadError(null);
    try {
      // A folder picked whole gives paths (webkitRelativePath) below it; single files give their names.
      setSchemaFiles(await Promise.all(picked.map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() }))));
      run.reset();
    } catch (err) {
      setReadError(`Could not read the schema files: ${messageOf(err)}`);
    }
  };
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
        Paste the config or pick the file. Schemas given as <code>base64://</code> are imported. For <code>file://</code> URLs next to the
        config, also pick the schema files they name: each is matched by its path relative to the config, or by its file name. Remote URLs
        are never fetched.
      </p>
      <div className="se-form-row">
        <label htmlFor={`${ids}-file`}>Config file</label>
        <input
          id={`${ids}-file`}
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          onChange={(e) => void onFile(e)}
        />
        <label htmlFor={`${ids}-schemas`}>Schema files</label>
        <input
          id={`${ids}-schemas`}
          type="file"
          multiple
          accept=".json,application/json"
          aria-describedby={`${ids}-schemas-picked`}
          onChange={(e) => void onSchemaFiles(e)}
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
      <p id={`${ids}-schemas-picked`} className="se-small se-muted" data-testid="picked-schema-files">
        {schemaFiles.length === 0 ? 'No schema files picked: file:// URLs will be refused.' : `Schema files: ${schemaFiles.map((f) => f.name).join(', ')}`}
      </p>
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
