import type { DryRunReport, FailureGroup, OperationRecord, OperationReport, SampleDiff } from '../../../shared/domain/operations';

const numberFormat = new Intl.NumberFormat();
const n = (v: number | undefined) => numberFormat.format(v ?? 0);
/** Written by every change; not what the user wants to see as "what changed". */
const BOOKKEEPING = new Set(['/updated_at', '/state_changed_at']);
const json = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export const reportOf = (op: OperationRecord): OperationReport => (op.report as OperationReport | null) ?? {};

/** Failures grouped by pointer and message, with example identities that open in the browser. */
export const FailureTable = ({ groups, total }: { groups: readonly FailureGroup[]; total: number }) =>
  groups.length === 0 ? null : (
    <div className="op-failures">
      <h3>
        Failures: {n(total)} identit{total === 1 ? 'y' : 'ies'}, {groups.length} kind{groups.length === 1 ? '' : 's'}
      </h3>
      <table data-testid="failure-groups">
        <thead>
          <tr>
            <th scope="col">Count</th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
            <th scope="col">For example</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.pointer}\u0000${g.message}`}>
              <td className="op-num">{n(g.count)}</td>
              <td>
                <code>{g.pointer}</code>
              </td>
              <td>{g.message}</td>
              <td>
                {g.examples.slice(0, 3).map((id) => (
                  <a key={id} href={`/identities/${encodeURIComponent(id)}`} className="op-example">
                    {id.slice(0, 8)}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

const SampleList = ({ samples }: { samples: readonly SampleDiff[] }) =>
  samples.length === 0 ? null : (
    <div className="op-samples">
      <h3>First changes</h3>
      <ul data-testid="sample-diffs">
        {samples.map((s) => (
          <li key={s.identityId}>
            <a href={`/identities/${encodeURIComponent(s.identityId)}`}>{s.label || s.identityId}</a>
            {s.deleted ? (
              <span className="op-deleted"> deleted</span>
            ) : (
              <ul>
                {s.changes.map((c) => (
                  <li key={c.pointer}>
                    <code>{c.pointer}</code> <span className="op-before">{json(c.before)}</span> → <span className="op-after">{json(c.after)}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );

/** The dry run's verdict: would change / unchanged / would fail, grouped failures and the first diffs. */
export const DryRunView = ({ report }: { report: DryRunReport }) => (
  <div className="op-report" data-testid="dry-run-report">
    <dl className="op-counts">
      <div>
        <dt>Targets</dt>
        <dd data-testid="dry-targets">{n(report.targets)}</dd>
      </div>
      <div>
        <dt>Would change</dt>
        <dd data-testid="dry-would-change">{n(report.wouldChange)}</dd>
      </div>
      <div>
        <dt>Unchanged</dt>
        <dd data-testid="dry-unchanged">{n(report.unchanged)}</dd>
      </div>
      <div>
        <dt>Would fail</dt>
        <dd data-testid="dry-would-fail">{n(report.wouldFail)}</dd>
      </div>
      {report.missing > 0 ? (
        <div>
          <dt>Deleted since</dt>
          <dd>{n(report.missing)}</dd>
        </div>
      ) : null}
    </dl>
    <FailureTable groups={report.failures} total={report.wouldFail} />
    <SampleList samples={report.samples} />
  </div>
);

/** What an apply or an undo did, and (undo) the identities it left alone because they changed since. */
export const ResultView = ({ op }: { op: OperationRecord }) => {
  const report = reportOf(op);
  const c = op.counts;
  return (
    <div className="op-report" data-testid="operation-result">
      {op.kind === 'undo' ? (
        <p>
          Reverted <strong data-testid="undo-reverted">{n(c['reverted'])}</strong>; {n(c['changedSince'])} changed since and left as they are
          {c['failed'] ? `; ${n(c['failed'])} failed` : ''}.
        </p>
      ) : (
        <p>
          Changed <strong data-testid="applied-count">{n(c['applied'])}</strong> of {n(c['targets'])}; {n(c['unchanged'])} unchanged; {n(c['failed'])} failed
          {c['missing'] ? `; ${n(c['missing'])} deleted since the plan` : ''}.
        </p>
      )}
      {op.reason ? <p className="op-reason">{op.reason}</p> : null}
      <FailureTable groups={report.failures ?? []} total={c['failed'] ?? 0} />
      {report.changedSince && report.changedSince.length > 0 ? (
        <div className="op-changed-since" data-testid="changed-since">
          <h3>Changed since the operation (not overwritten)</h3>
          <ul>
            {report.changedSince.map((cs) => (
              <li key={cs.identityId}>
                <a href={`/identities/${encodeURIComponent(cs.identityId)}`}>{cs.identityId.slice(0, 8)}</a>:{' '}
                {cs.later.map((l) => (
                  <span key={l.changeId} className="op-later">
                    {l.origin} by {l.actor} at {l.at}: {(l.patch ?? []).filter((p) => !BOOKKEEPING.has(p.path)).map((p) => `${p.op} ${p.path}${p.op === 'remove' ? '' : ` = ${json(p.value)}`}`).join(', ')}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
};
