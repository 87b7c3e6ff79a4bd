import './components.css';

/** JSON shown as text (never markup), for raw views of identities and audit patches. */
export const JsonText = ({ value, label }: { value: unknown; label: string }) => (
  <pre className="json-text" aria-label={label} tabIndex={0}>
    {JSON.stringify(value, null, 2)}
  </pre>
);
