import { identifierWarnings, revealIdentifier } from '../../shared/kratos/identifier-warnings';
import './components.css';

/**
 * A warning under an identifier or address that is not what it looks like: invisible characters, bidi controls or
 * mixed scripts (shared/kratos/identifier-warnings.ts). Shows the value with the hidden characters spelled out.
 */
export const IdentifierWarnings = ({ value }: { value: string }) => {
  const warnings = identifierWarnings(value);
  if (warnings.length === 0) return null;
  const revealed = revealIdentifier(value);
  return (
    <span className="identifier-warning" role="note" data-testid="identifier-warning" data-warnings={warnings.map((w) => w.id).join(' ')}>
      <span aria-hidden="true">⚠ </span>
      This value {warnings.map((w) => w.message).join('; it also ')}.
      {revealed !== value ? (
        <>
          {' '}
          Spelled out: <span className="identifier-warning-revealed">{revealed}</span>
        </>
      ) : null}
    </span>
  );
};
