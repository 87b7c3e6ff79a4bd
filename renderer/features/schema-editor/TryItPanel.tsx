import { isRecord } from '../../../shared/json';
import { useId, useState } from 'react';
import { PROFILE_LABEL, sameUnderBothProfiles } from './try-it';
import { DerivedView } from './DerivedView';
import type { TryItResults } from './use-try-it';

interface Props {
  tryIt: TryItResults;
  /** Kratos would refuse the schema itself: there is nothing to try yet. */
  schemaBlocked: string | null;
  onPaste(traits: unknown): void;
  onClear(): void;
}

/** "Try it": the verdict and what Kratos would derive, side by side when the profiles disagree. */
export const TryItPanel = ({ tryIt, schemaBlocked, onPaste, onClear }: Props) => {
  const ids = useId();
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | null>(null);
  const applyPasted = () => {
    try {
      const value = JSON.parse(pasted) as unknown;
      // Accept a whole identity too: people paste what the admin API returned.
      const traits = isRecord(value) && 'traits' in value ? value['traits'] : value;
      setPasteError(null);
      onPaste(traits);
    } catch (err) {
      setPasteError(`Not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const [first, second] = tryIt.results ?? [];
  const same = first && second ? sameUnderBothProfiles(first, second) : true;
  return (
    <section className="se-card se-try" aria-labelledby={`${ids}-title`} data-testid="try-it" aria-busy={tryIt.pending}>
      <h2 id={`${ids}-title`}>Try it {tryIt.pending ? <span className="se-muted se-small">checking…</span> : null}</h2>
      <p className="se-small se-muted">Fill the form above, or paste traits (or a whole identity) as JSON.</p>
      <details className="se-paste">
        <summary>Paste traits</summary>
        <label htmlFor={`${ids}-paste`} className="se-label">
          Traits as JSON
        </label>
        <textarea
          id={`${ids}-paste`}
          className="se-textarea se-mono"
          rows={5}
          spellCheck={false}
          value={pasted}
          aria-invalid={pasteError !== null}
          onChange={(e) => setPasted(e.target.value)}
        />
        {pasteError ? (
          <p role="alert" className="se-error-text">
            {pasteError}
          </p>
        ) : null}
        <div className="se-actions">
          <button type="button" onClick={applyPasted} disabled={pasted.trim() === ''}>
            Use these traits
          </button>
          <button type="button" onClick={onClear}>
            Clear the form
          </button>
        </div>
      </details>
      {schemaBlocked ? (
        <p className="se-muted">{schemaBlocked}</p>
      ) : tryIt.error ? (
        <p role="alert" className="se-error-text">
          {tryIt.error.message}
        </p>
      ) : !first ? (
        <p aria-busy="true" className="se-muted">
          Asking the engine…
        </p>
      ) : same || !second ? (
        <div className="se-derived-one">
          <DerivedView result={first} heading="Derived by Kratos" />
          <p className="se-small se-muted" data-testid="profiles-same">
            Same under both profiles ({PROFILE_LABEL[first.profile]} and {second ? PROFILE_LABEL[second.profile] : 'Ory Network'}).
          </p>
        </div>
      ) : (
        <div className="se-derived-two" data-testid="profiles-differ">
          <DerivedView result={first} heading={PROFILE_LABEL[first.profile]} />
          <DerivedView result={second} heading={PROFILE_LABEL[second.profile]} />
        </div>
      )}
    </section>
  );
};
