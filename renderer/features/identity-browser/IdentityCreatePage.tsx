import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CreateIdentityInput } from '../../../shared/domain/identity';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { ConflictNotice } from './ConflictNotice';
import { IdentityEditor, type EditorDraft } from './IdentityEditor';
import { parseMetadata } from './identity-view';
import { listUrl } from './use-list-query';
import { useEditorKeys } from './use-shortcuts';
import { writeFailure, type WriteFailure } from './write-errors';

const EMPTY_DRAFT: EditorDraft = { traits: {}, metadataPublic: '', metadataAdmin: '' };

/** `/identities/new`: pick a schema, fill the generated form, create. */
export const IdentityCreatePage = () => {
  const api = useApi();
  const queries = useQueryClient();
  const schemas = useQuery({ queryKey: queryKeys.schemas, queryFn: () => api.schemas.list() });
  const [schemaId, setSchemaId] = useState<string | null>(null);
  const chosen = schemaId ?? schemas.data?.find((s) => s.isDefault)?.id ?? schemas.data?.[0]?.id ?? null;
  const schema = useQuery({ queryKey: [...queryKeys.schemas, 'detail', chosen], queryFn: () => api.schemas.get(chosen ?? ''), enabled: chosen !== null });
  const [draft, setDraft] = useState<EditorDraft>(EMPTY_DRAFT);
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // A different schema is a different form: start it empty.
  useEffect(() => {
    setDraft(EMPTY_DRAFT);
    setFailure(null);
  }, [chosen]);

  const create = useMutation({
    mutationFn: (input: CreateIdentityInput) => api.identities.create(input),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: queryKeys.identities });
      navigate(`/identities/${encodeURIComponent(created.id)}`);
    },
    onError: (err) => setFailure(writeFailure(err)),
  });

  const onCreate = () => {
    if (!chosen || create.isPending) return;
    const metadataPublic = parseMetadata(draft.metadataPublic);
    const metadataAdmin = parseMetadata(draft.metadataAdmin);
    if (!metadataPublic.ok || !metadataAdmin.ok) {
      setNotice('Fix the metadata JSON first.');
      return;
    }
    setNotice(null);
    create.mutate({ schema_id: chosen, traits: draft.traits, metadata_public: metadataPublic.value, metadata_admin: metadataAdmin.value });
  };
  useEditorKeys({ onSave: onCreate, onEscape: () => navigate(listUrl()) });

  return (
    <article className="ib-detail" aria-labelledby="ib-create-title">
      <a className="ib-back" href={listUrl()} onClick={(e) => (e.preventDefault(), navigate(listUrl()))}>
        ← Identities <span className="ib-muted ib-small">(Esc)</span>
      </a>
      <header className="ib-detail-head">
        <div>
          <h1 id="ib-create-title">New identity</h1>
          <label className="ib-filter ib-schema-pick">
            <span>Schema</span>
            <select value={chosen ?? ''} onChange={(e) => setSchemaId(e.target.value)} disabled={!schemas.data}>
              {(schemas.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id}
                  {s.title ? ` — ${s.title}` : ''}
                  {s.isDefault ? ' (default)' : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="ib-actions">
          <button type="button" className="button-primary" onClick={onCreate} disabled={!schema.data || create.isPending} aria-keyshortcuts="Control+S">
            {create.isPending ? 'Creating…' : 'Create identity'}
          </button>
        </div>
      </header>
      <div aria-live="polite" className="ib-notices">
        {notice ? <p className="ib-notice">{notice}</p> : null}
        {failure ? (
          failure.conflict ? (
            <ConflictNotice conflict={failure.conflict} />
          ) : (
            <p role="alert" className="ib-field-error" data-testid="create-error">
              {failure.message}
            </p>
          )
        ) : null}
      </div>
      {schemas.error ? <p role="alert">The schemas could not be loaded: {schemas.error.message}</p> : null}
      {schemas.data && schemas.data.length === 0 ? (
        <div className="panel" role="status">
          There is no identity schema yet. Add or import one before creating identities.
        </div>
      ) : null}
      {schema.error ? <p role="alert">{schema.error.message}</p> : null}
      {schema.data ? (
        <IdentityEditor
          title="Traits of the new identity"
          schemaText={schema.data.text}
          schemaBody={schema.data.body}
          draft={draft}
          resetKey={`new:${schema.data.id}`}
          onDraft={(patch) => {
            setDraft((d) => ({ ...d, ...patch }));
            if (patch.traits !== undefined) setFailure(null);
          }}
          writeIssues={failure?.issues ?? []}
          onSave={onCreate}
          onEscape={() => navigate(listUrl())}
          quietUntilEdited
        />
      ) : (
        <p aria-busy="true">Loading the form…</p>
      )}
    </article>
  );
};
