import type { SchemaSummary } from '../../../shared/domain/schema';
import { AppLink } from './AppLink';
import { compareUrl, editUrl } from './schema-routes';
import { formatCount, identitiesText, SOURCE_LABEL } from './source-labels';

interface Props {
  schemas: readonly SchemaSummary[];
  busyId: string | null;
  onSetDefault(id: string): void;
  onDelete(schema: SchemaSummary): void;
}

/** Why a schema cannot be deleted, or null when it can (the backend enforces the same rules). */
export const deleteBlocker = (s: SchemaSummary): string | null => {
  if (s.identityCount > 0) return `Used by ${formatCount(s.identityCount)} ${s.identityCount === 1 ? 'identity' : 'identities'}`;
  if (s.isDefault) return 'The default schema';
  return null;
};

export const SchemaTable = ({ schemas, busyId, onSetDefault, onDelete }: Props) => (
  <table className="se-table" data-testid="schema-table">
    <caption className="se-visually-hidden">Identity schemas</caption>
    <thead>
      <tr>
        <th scope="col">Schema id</th>
        <th scope="col">Title</th>
        <th scope="col" className="se-num">
          Used by
        </th>
        <th scope="col">Default</th>
        <th scope="col">Source</th>
        <th scope="col">
          <span className="se-visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
    <tbody>
      {schemas.map((s) => {
        const blocker = deleteBlocker(s);
        const reasonId = `se-delete-reason-${s.id}`;
        return (
          <tr key={s.id} data-schema-id={s.id}>
            <th scope="row" className="se-mono">
              <AppLink to={editUrl(s.id)}>{s.id}</AppLink>
            </th>
            <td>{s.title ?? <span className="se-muted">untitled</span>}</td>
            <td className="se-num" data-testid="schema-usage">
              {identitiesText(s.identityCount)}
            </td>
            <td>{s.isDefault ? <span className="se-badge se-badge-default">Default</span> : null}</td>
            <td>
              <span className={`se-badge se-source-${s.source}`}>{SOURCE_LABEL[s.source]}</span>
            </td>
            <td>
              <div className="se-row-actions">
                <button
                  type="button"
                  onClick={() => onSetDefault(s.id)}
                  disabled={s.isDefault || busyId === s.id}
                  aria-label={`Set ${s.id} as default`}
                >
                  Set default
                </button>
                <AppLink to={compareUrl(s.id, null)} className="se-button-link" aria-label={`Compare ${s.id} with another schema`}>
                  Compare
                </AppLink>
                <button
                  type="button"
                  className="se-danger-text"
                  onClick={() => onDelete(s)}
                  disabled={blocker !== null || busyId === s.id}
                  aria-label={`Delete ${s.id}`}
                  aria-describedby={blocker ? reasonId : undefined}
                >
                  Delete…
                </button>
                {blocker ? (
                  <span id={reasonId} className="se-muted se-small">
                    {blocker}
                  </span>
                ) : null}
              </div>
            </td>
          </tr>
        );
      })}
    </tbody>
  </table>
);
