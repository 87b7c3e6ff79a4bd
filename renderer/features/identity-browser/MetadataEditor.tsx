import { parseMetadata } from './identity-view';

const AUDIENCE = {
  public: {
    label: 'Public metadata',
    note: 'The user can read this: it is returned by /sessions/whoami. The user cannot change it.',
  },
  admin: {
    label: 'Admin metadata',
    note: 'Only the admin API can read this. The user never sees it.',
  },
} as const;

interface Props {
  kind: keyof typeof AUDIENCE;
  value: string;
  onChange: (text: string) => void;
  readOnly?: boolean;
}

/** A JSON text editor for `metadata_public` or `metadata_admin`, saying plainly who can see it. */
export const MetadataEditor = ({ kind, value, onChange, readOnly = false }: Props) => {
  const parsed = parseMetadata(value);
  const id = `ib-metadata-${kind}`;
  return (
    <div className={`ib-metadata ib-metadata-${kind}`}>
      <label htmlFor={id}>{AUDIENCE[kind].label}</label>
      <p className="ib-muted ib-small" id={`${id}-note`}>
        {AUDIENCE[kind].note} Not validated by the identity schema (Kratos). Empty means null.
      </p>
      <textarea
        id={id}
        className="ib-json-editor"
        spellCheck={false}
        rows={5}
        value={value}
        readOnly={readOnly}
        aria-describedby={`${id}-note${parsed.ok ? '' : ` ${id}-error`}`}
        aria-invalid={!parsed.ok}
        onChange={(e) => onChange(e.target.value)}
      />
      {parsed.ok ? null : (
        <p className="ib-field-error" id={`${id}-error`} role="alert">
          Not valid JSON: {parsed.message}
        </p>
      )}
    </div>
  );
};
