import type { SchemaDiff, TraitChangeKind } from '../../../shared/schema-tools';

const KIND_LABEL: Record<TraitChangeKind, string> = {
  added: 'Trait added',
  removed: 'Trait removed',
  retyped: 'Type changed',
  'required-added': 'Now required',
  'required-removed': 'No longer required',
  'format-changed': 'Format changed',
  'constraint-changed': 'Constraint changed',
  'extension-gained': 'Kratos gains',
  'extension-lost': 'Kratos loses',
};

/** The trait-level changes between two schemas; breaking ones (stored identities may fail) marked. */
export const DiffList = ({ diff }: { diff: SchemaDiff }) => {
  if (diff.unchanged)
    return <p className="se-muted">No differences in the traits: identities valid under one are valid under the other.</p>;
  const breaking = diff.changes.filter((c) => c.breaking).length;
  return (
    <>
      <p className="se-small" data-testid="diff-summary">
        {diff.changes.length} {diff.changes.length === 1 ? 'change' : 'changes'}, {breaking} breaking
      </p>
      <ul className="se-diff" data-testid="diff-list">
        {diff.changes.map((c, i) => (
          <li key={`${c.kind}:${c.pointer}:${i}`} className={c.breaking ? 'se-diff-breaking' : undefined} data-change-kind={c.kind}>
            <span className={`se-diff-kind se-diff-${c.kind}`}>{KIND_LABEL[c.kind]}</span>
            <span className="se-mono">{c.pointer}</span>
            <span className="se-diff-detail">{c.detail}</span>
            {c.breaking ? <span className="se-badge se-badge-breaking">Breaking</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
};
