import { IdentifierWarnings } from '../../components/IdentifierWarnings';
import type { ValidationResult } from '../../../shared/domain/validation';
import { distinctIssues } from './try-it';

/**
 * One profile's verdict on the "try it" traits and what Kratos would derive from them: login
 * identifiers per credential type, verifiable and recovery addresses. (The identity browser's
 * DerivedPanel shows the same for a stored identity; this one has no stored state to merge.)
 */
export const DerivedView = ({ result, heading }: { result: ValidationResult; heading: string }) => {
  const credentials = Object.entries(result.credentials).filter(([, c]) => c.identifiers.length > 0 || (c.addresses?.length ?? 0) > 0);
  const issues = distinctIssues(result.errors);
  return (
    <section className="se-derived" aria-label={heading} data-testid="derived" data-profile={result.profile}>
      <h3>{heading}</h3>
      <p className={result.valid ? 'se-verdict se-verdict-ok' : 'se-verdict se-verdict-bad'} data-testid="verdict">
        {result.valid ? 'Valid: Kratos accepts these traits' : `Invalid: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`}
      </p>
      {issues.length > 0 ? (
        <ul className="se-issue-list">
          {issues.map((i) => (
            <li key={`${i.pointer}:${i.message}`}>
              <span className="se-mono">{i.pointer}</span> {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <h4>Login identifiers</h4>
      {credentials.length === 0 ? (
        <p className="se-muted se-small">None: these traits give no identifier to sign in with.</p>
      ) : (
        <ul className="se-derived-list" data-testid="derived-identifiers">
          {credentials.map(([type, c]) => (
            <li key={type}>
              <span className="se-tag">{type}</span>{' '}
              {c.identifiers.map((identifier) => (
                <span key={identifier}>
                  <span className="se-mono se-value">{identifier}</span>
                  <IdentifierWarnings value={identifier} />
                </span>
              ))}
              {(c.addresses ?? []).map((a) => (
                <span key={`${a.channel}:${a.address}`} className="se-small se-muted">
                  {' '}
                  code via {a.channel} to <span className="se-mono">{a.address}</span>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      <h4>Verifiable addresses</h4>
      {result.verifiable_addresses.length === 0 ? (
        <p className="se-muted se-small">None.</p>
      ) : (
        <ul className="se-derived-list" data-testid="derived-verifiable">
          {result.verifiable_addresses.map((a) => (
            <li key={`${a.via}:${a.value}`}>
              <span className="se-tag">{a.via}</span> <span className="se-mono se-value">{a.value}</span>{' '}
              <span className="se-muted se-small">{a.status}</span>
              <IdentifierWarnings value={a.value} />
            </li>
          ))}
        </ul>
      )}
      <h4>Recovery addresses</h4>
      {result.recovery_addresses.length === 0 ? (
        <p className="se-muted se-small">None: an account with these traits cannot be recovered.</p>
      ) : (
        <ul className="se-derived-list" data-testid="derived-recovery">
          {result.recovery_addresses.map((a) => (
            <li key={`${a.via}:${a.value}`}>
              <span className="se-tag">{a.via}</span> <span className="se-mono se-value">{a.value}</span>
              <IdentifierWarnings value={a.value} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
