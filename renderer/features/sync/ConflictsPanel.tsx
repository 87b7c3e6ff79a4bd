import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConflictRecord, ConflictResolution } from '../../../shared/domain/sync';
import { messageOf } from '../../api/error-details';
import { queryKeys, useApi } from '../../api/use-api';
import { editProblem, resolutionOf, showValue, type FieldChoice } from './sync-view';

/** Identities changed on both sides: base, local and remote per pointer, a choice per field, then Resolve (issue 15 point 4). */
export const ConflictsPanel = () => {
  const api = useApi();
  const conflicts = useQuery({ queryKey: [...queryKeys.sync, 'conflicts'], queryFn: () => api.sync.conflicts() });
  const list = conflicts.data ?? [];
  return (
    <section className="sy-panel" aria-labelledby="sy-conflicts-title">
      <h2 id="sy-conflicts-title">
        Conflicts <span data-testid="conflict-total">{list.length}</span>
      </h2>
      {list.length === 0 ? <p className="ib-muted">No conflicts.</p> : list.map((c) => <ConflictView key={c.identityId} conflict={c} />)}
    </section>
  );
};

const ConflictView = ({ conflict }: { conflict: ConflictRecord }) => {
  const api = useApi();
  const [choices, setChoices] = useState<Record<string, FieldChoice | undefined>>({});
  const resolve = useMutation({ mutationFn: (resolution: ConflictResolution) => api.sync.resolveConflict(conflict.identityId, resolution) });
  const set = (pointer: string, choice: FieldChoice) => setChoices((c) => ({ ...c, [pointer]: choice }));
  const problems = Object.values(choices).flatMap((c) => (c && 'edit' in c ? [editProblem(c.edit)].filter((p) => p !== null) : []));

  if (conflict.kind !== 'edited') {
    return (
      <article className="sy-item" data-conflict-id={conflict.identityId} aria-label={`Conflict on ${conflict.identityId}`}>
        <p>
          <code>{conflict.identityId}</code>{' '}
          {conflict.kind === 'deleted-remotely' ? 'was deleted on the remote while you edited it here.' : 'was deleted here while it changed on the remote.'}
        </p>
        <div className="sy-actions">
          <button type="button" disabled={resolve.isPending} onClick={() => resolve.mutate({ take: 'local' })}>
            {conflict.kind === 'deleted-remotely' ? 'Recreate it on the remote' : 'Keep it deleted'}
          </button>
          <button type="button" disabled={resolve.isPending} onClick={() => resolve.mutate({ take: 'remote' })}>
            {conflict.kind === 'deleted-remotely' ? 'Drop my changes' : 'Take the remote version'}
          </button>
        </div>
        {resolve.error ? <p role="alert">{messageOf(resolve.error)}</p> : null}
      </article>
    );
  }

  return (
    <article className="sy-item" data-conflict-id={conflict.identityId} aria-label={`Conflict on ${conflict.identityId}`}>
      <p>
        <code>{conflict.identityId}</code> changed here and on <strong>{conflict.remote}</strong>: choose a value per field, then resolve.
      </p>
      <table className="sy-diff sy-three" data-testid="conflict-fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Base</th>
            <th scope="col">Local</th>
            <th scope="col">Remote</th>
            <th scope="col">Keep</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => {
            const choice = choices[f.pointer] ?? { take: 'local' };
            return (
              <tr key={f.pointer} data-pointer={f.pointer}>
                <td>
                  <code>{f.pointer}</code>
                </td>
                <td>{showValue(f.base)}</td>
                <td className={'take' in choice && choice.take === 'local' ? 'sy-chosen' : ''}>{showValue(f.local)}</td>
                <td className={'take' in choice && choice.take === 'remote' ? 'sy-chosen' : ''}>{showValue(f.remote)}</td>
                <td>
                  <fieldset className="sy-choice">
                    <legend className="sy-sr">Value of {f.pointer}</legend>
                    <label>
                      <input type="radio" name={`${conflict.identityId}${f.pointer}`} checked={'take' in choice && choice.take === 'local'} onChange={() => set(f.pointer, { take: 'local' })} /> Take local
                    </label>
                    <label>
                      <input type="radio" name={`${conflict.identityId}${f.pointer}`} checked={'take' in choice && choice.take === 'remote'} onChange={() => set(f.pointer, { take: 'remote' })} /> Take remote
                    </label>
                    <label>
                      <input type="radio" name={`${conflict.identityId}${f.pointer}`} checked={'edit' in choice} onChange={() => set(f.pointer, { edit: showValue(f.local ?? null) })} /> Edit
                    </label>
                    {'edit' in choice ? <input aria-label={`New value of ${f.pointer} (JSON)`} value={choice.edit} onChange={(e) => set(f.pointer, { edit: e.target.value })} /> : null}
                  </fieldset>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <MergedFields conflict={conflict} />
      {problems[0] ? <p role="alert">{problems[0]}</p> : null}
      <button type="button" onClick={() => resolve.mutate(resolutionOf(conflict, choices))} disabled={resolve.isPending || problems.length > 0}>
        Resolve
      </button>
      {resolve.error ? <p role="alert">{messageOf(resolve.error)}</p> : null}
    </article>
  );
};

/** What merged without a person, from either side, so the admin sees the whole outcome before resolving. */
const MergedFields = ({ conflict }: { conflict: ConflictRecord }) =>
  conflict.merged.length === 0 ? (
    <p className="ib-muted ib-small">No other field changed on either side.</p>
  ) : (
    <div data-testid="conflict-merged">
      <p className="ib-small">Merged on their own (already in the local copy):</p>
      <ul className="sy-list">
        {conflict.merged.map((f) => (
          <li key={f.pointer} data-pointer={f.pointer}>
            <span className="ib-muted">{f.side === 'local' ? 'yours' : `from ${conflict.remote}`}</span> <code>{f.pointer}</code>: <span className="sy-before">{showValue(f.before)}</span> →{' '}
            <span className="sy-after">{showValue(f.after)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
