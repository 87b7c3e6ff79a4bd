import type { Problem, ProblemCounts, ProblemSource } from './problems';

const SOURCE_LABEL: Record<ProblemSource, string> = { parse: 'JSON', engine: 'Kratos', lint: 'Linter' };
const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

interface Props {
  problems: readonly Problem[];
  counts: ProblemCounts;
  /** The linter and engine are still working on the latest text. */
  checking: boolean;
  /** Why lint results are missing (the JSON does not parse, or the check failed). */
  lintNote: string | null;
  onReveal(problem: Problem): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Parse errors, Kratos's refusals and linter findings; choosing one puts the cursor on it. */
export const ProblemsPanel = ({ problems, counts, checking, lintNote, onReveal }: Props) => (
  <section className="se-problems" aria-labelledby="se-problems-title" data-testid="problems-panel" aria-busy={checking}>
    <h2 id="se-problems-title">
      Problems{' '}
      <span className="se-counts" data-testid="problem-counts">
        {plural(counts.error, 'error')}, {plural(counts.warning, 'warning')}
        {counts.info > 0 ? `, ${counts.info} info` : ''}
      </span>
      {checking ? <span className="se-muted se-small"> checking…</span> : null}
    </h2>
    {lintNote ? <p className="se-small se-muted">{lintNote}</p> : null}
    {problems.length === 0 && !checking && !lintNote ? (
      <p className="se-small se-ok">No problems: Kratos accepts this schema and the linter has nothing to add.</p>
    ) : (
      <ul className="se-problem-list">
        {problems.map((p) => (
          <li key={p.key}>
            <button
              type="button"
              className={`se-problem se-problem-${p.severity}`}
              onClick={() => onReveal(p)}
              data-rule-id={p.ruleId}
              data-testid="problem"
            >
              <span className={`se-severity se-severity-${p.severity}`}>{SEVERITY_LABEL[p.severity]}</span>
              <span className="se-problem-source">{SOURCE_LABEL[p.source]}</span>
              <span className="se-mono se-problem-rule">{p.ruleId}</span>
              <span className="se-mono se-problem-where">
                Ln {p.line}, Col {p.column}
              </span>
              <span className="se-problem-message">{p.message}</span>
              {p.pointer ? <span className="se-mono se-problem-pointer">{p.pointer}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    )}
  </section>
);
