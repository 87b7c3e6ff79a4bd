import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { KratosConfigFormat } from '../../../shared/domain/schema';
import { queryKeys, useApi } from '../../api/use-api';
import { messageOf } from '../../api/error-details';

const FILE_NAME: Record<KratosConfigFormat, string> = { yaml: 'kratos-identity.yaml', json: 'kratos-identity.json' };
const MIME: Record<KratosConfigFormat, string> = { yaml: 'application/yaml', json: 'application/json' };

/** Starts a download of `text` without a server round trip (a blob URL, revoked right after). */
const download = (text: string, format: KratosConfigFormat): void => {
  const url = URL.createObjectURL(new Blob([text], { type: MIME[format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = FILE_NAME[format];
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
};

/** Every schema and the default as Kratos config (`identity.schemas` with base64:// URLs), to copy or save. */
export const ExportConfigPanel = ({ onClose }: { onClose(): void }) => {
  const api = useApi();
  const ids = useId();
  const [format, setFormat] = useState<KratosConfigFormat>('yaml');
  const [copied, setCopied] = useState<string | null>(null);
  const exported = useQuery({ queryKey: [...queryKeys.schemas, 'export', format], queryFn: () => api.schemas.exportConfig(format) });
  const text = exported.data?.text ?? '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The clipboard is not available here: select the text and copy it.');
    }
  };
  return (
    <section className="se-card se-panel" aria-labelledby={`${ids}-title`} data-testid="export-config">
      <div className="se-panel-head">
        <h2 id={`${ids}-title`}>Export as Kratos config</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <fieldset className="se-radio-row">
        <legend>Format</legend>
        {(['yaml', 'json'] as const).map((f) => (
          <label key={f}>
            <input type="radio" name={`${ids}-format`} value={f} checked={format === f} onChange={() => (setFormat(f), setCopied(null))} />{' '}
            {f.toUpperCase()}
          </label>
        ))}
      </fieldset>
      {exported.error ? (
        <p role="alert" className="se-error-text">
          {messageOf(exported.error)}
        </p>
      ) : null}
      <label htmlFor={`${ids}-text`} className="se-label">
        Config snippet (
        {exported.data
          ? `${exported.data.config.identity.schemas.length} schemas, default ${exported.data.config.identity.default_schema_id}`
          : 'loading…'}
        )
      </label>
      <textarea
        id={`${ids}-text`}
        className="se-textarea se-mono"
        rows={12}
        readOnly
        value={text}
        spellCheck={false}
        aria-busy={exported.isFetching}
      />
      <div className="se-actions">
        <button type="button" onClick={() => void copy()} disabled={text === ''}>
          Copy
        </button>
        <button type="button" onClick={() => download(text, format)} disabled={text === ''}>
          Download {FILE_NAME[format]}
        </button>
        <span aria-live="polite" className="se-small se-muted">
          {copied}
        </span>
      </div>
    </section>
  );
};
