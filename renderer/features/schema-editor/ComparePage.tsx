import { useId } from 'react';
import { navigate } from '../../app/router';
import { AppLink } from './AppLink';
import { messageOf } from '../../api/error-details';
import { ComparePanel } from './ComparePanel';
import { compareUrl, editUrl, SCHEMAS_PATH } from './schema-routes';
import { identitiesText } from './source-labels';
import { useSchemaDetail, useSchemaList } from './use-schemas';

/** `/schemas/compare?from=<old>&to=<new>`: two stored schemas, their differences and the impact. */
export const ComparePage = ({ from, to }: { from: string | null; to: string | null }) => {
  const ids = useId();
  const list = useSchemaList();
  const target = useSchemaDetail(to);
  return (
    <article className="se-editor-page" aria-labelledby={`${ids}-title`}>
      <AppLink to={SCHEMAS_PATH} className="se-back">
        ← Schemas
      </AppLink>
      <header className="se-editor-head">
        <h1 id={`${ids}-title`}>Compare schemas</h1>
      </header>
      <div className="se-form-row">
        <label htmlFor={`${ids}-to`}>New schema</label>
        <select id={`${ids}-to`} value={to ?? ''} onChange={(e) => navigate(compareUrl(from, e.target.value || null), { replace: true })}>
          <option value="">Choose a stored schema…</option>
          {(list.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} ({identitiesText(s.identityCount)})
            </option>
          ))}
        </select>
        {to ? <AppLink to={editUrl(to, from)}>Open {to} in the editor</AppLink> : null}
      </div>
      {!to ? (
        <p className="se-muted">Choose the new schema, then the old one its identities use now.</p>
      ) : target.error ? (
        <p role="alert" className="se-error-text">
          {messageOf(target.error)}
        </p>
      ) : target.data ? (
        <ComparePanel
          baseId={from}
          exclude={to}
          onBaseChange={(id) => navigate(compareUrl(id, to), { replace: true })}
          target={{ label: target.data.id, text: target.data.text, body: target.data.body, parses: true }}
        />
      ) : (
        <p aria-busy="true">Reading {to}…</p>
      )}
    </article>
  );
};
