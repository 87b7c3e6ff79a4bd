import { IdentifierWarnings } from '../../components/IdentifierWarnings';
import type { Identity } from '../../../shared/domain/identity';
import type { ValidationResult } from '../../../shared/domain/validation';

interface Props {
  /** What Kratos would derive from the traits as typed (live validation). */
  derived: ValidationResult | undefined;
  /** The stored identity, whose addresses keep their verified status when still derived (reference §2.3). */
  stored?: Identity | undefined;
  pending: boolean;
}

/** Login identifiers, verifiable and recovery addresses, as Kratos would derive them from these traits. */
export const DerivedPanel = ({ derived, stored, pending }: Props) => {
  const credentials = derived?.credentials ?? Object.fromEntries(Object.entries(stored?.credentials ?? {}).map(([k, v]) => [k, { identifiers: v.identifiers }]));
  const verifiable = derived?.verifiable_addresses ?? stored?.verifiable_addresses ?? [];
  const recovery = derived?.recovery_addresses ?? stored?.recovery_addresses ?? [];
  const storedStatus = (via: string, value: string) => stored?.verifiable_addresses.find((a) => a.via === via && a.value === value);
  const credentialEntries = Object.entries(credentials).filter(([, c]) => c.identifiers.length > 0);
  return (
    <aside className="ib-derived" aria-labelledby="ib-derived-title" aria-busy={pending} data-testid="derived-panel">
      <h2 id="ib-derived-title">
        Derived by Kratos {pending ? <span className="ib-muted ib-small">updating…</span> : null}
      </h2>
      <h3>Login identifiers</h3>
      {credentialEntries.length === 0 ? (
        <p className="ib-muted">None: this identity cannot sign in with an identifier.</p>
      ) : (
        <ul className="ib-derived-list">
          {credentialEntries.map(([type, c]) =>
            c.identifiers.map((identifier) => (
              <li key={`${type}:${identifier}`}>
                <span className="ib-tag">{type}</span> <span className="ib-mono">{identifier}</span>
                <IdentifierWarnings value={identifier} />
              </li>
            )),
          )}
        </ul>
      )}
      <h3>Verifiable addresses</h3>
      {verifiable.length === 0 ? (
        <p className="ib-muted">None.</p>
      ) : (
        <ul className="ib-derived-list">
          {verifiable.map((a) => {
            const verified = storedStatus(a.via, a.value)?.verified ?? a.verified;
            return (
              <li key={`${a.via}:${a.value}`}>
                <span className="ib-tag">{a.via}</span> <span className="ib-mono">{a.value}</span>{' '}
                <span className={verified ? 'ib-verified' : 'ib-pending'}>{verified ? 'verified' : 'pending'}</span>
                <IdentifierWarnings value={a.value} />
              </li>
            );
          })}
        </ul>
      )}
      <h3>Recovery addresses</h3>
      {recovery.length === 0 ? (
        <p className="ib-muted">None: this identity cannot recover its account.</p>
      ) : (
        <ul className="ib-derived-list">
          {recovery.map((a) => (
            <li key={`${a.via}:${a.value}`}>
              <span className="ib-tag">{a.via}</span> <span className="ib-mono">{a.value}</span>
              <IdentifierWarnings value={a.value} />
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
};
