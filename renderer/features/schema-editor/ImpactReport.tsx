import type { StoreCheckReport } from '../../../shared/domain/migration';
import { AppLink } from './AppLink';
import { identityUrl } from './schema-routes';
import { formatCount, identitiesText } from './source-labels';

interface Props {
  report: StoreCheckReport;
  baseId: string;
  /** The new schema changed since the check ran. */
  stale: boolean;
}

const duration = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** How many stored identities would fail the new schema, grouped by Kratos pointer and message, with examples. */
export const ImpactReport = ({ report, baseId, stale }: Props) => (
  <div className="se-impact-report" data-testid="impact-report">
    <p className="se-impact-headline">
      <strong data-testid="impact-invalid">{formatCount(report.invalid)}</strong> of{' '}
      <span data-testid="impact-checked">{identitiesText(report.checked)}</span> of <span className="se-mono">{baseId}</span> would fail the
      new schema <span className="se-muted se-small">({duration(report.durationMs)})</span>
    </p>
    {stale ? (
      <p className="se-warning-text" role="status">
        The schema has changed since this check: run it again for the current text.
      </p>
    ) : null}
    {report.groups.length === 0 ? (
      <p className="se-ok">Every identity passes: this change is safe for the stored data.</p>
    ) : (
      <table className="se-table se-impact-table">
        <caption className="se-visually-hidden">Failures by field and message</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Kratos says</th>
            <th scope="col" className="se-num">
              Identities
            </th>
            <th scope="col">Examples</th>
          </tr>
        </thead>
        <tbody>
          {report.groups.map((g) => (
            <tr key={`${g.pointer}\u0000${g.message}`} data-testid="impact-group">
              <td className="se-mono">{g.pointer}</td>
              <td>{g.message}</td>
              <td className="se-num">{formatCount(g.count)}</td>
              <td>
                {/* A flex box inside the cell: `display: flex` on the td itself took it out of the table's layout. */}
                <div className="se-examples">
                  {g.examples.map((id) => (
                    <AppLink key={id} to={identityUrl(id)} className="se-mono se-small" aria-label={`Open identity ${id}`}>
                      {id.slice(0, 8)}
                    </AppLink>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {report.truncated ? (
      <p className="se-small se-muted">More distinct failures exist than the report keeps; the most frequent are shown.</p>
    ) : null}
  </div>
);
