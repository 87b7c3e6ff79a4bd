import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Identity, UpdateIdentityInput } from '../../../shared/domain/identity';
import { AppError } from '../../../shared/errors';
import { queryKeys, useApi } from '../../api/use-api';
import { navigate } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConflictNotice } from './ConflictNotice';
import { IdentityEditor, type EditorDraft } from './IdentityEditor';
import { StateBadge } from './IdentityRow';
import { IdentityViews } from './IdentityViews';
import { offerUndo } from './undo-delete';
import { formatTimestamp, metadataText, parseMetadata, identityLabel } from './identity-view';
import { listUrl } from './use-list-query';
import { useEditorKeys } from './use-shortcuts';
import { writeFailure, type WriteFailure } from './write-errors';
import { jsonEqual } from '../../../shared/json-diff';
import { IdentitySyncPanel } from '../sync/IdentitySyncPanel';

const draftOf = (identity: Identity): EditorDraft => ({
  traits: identity.traits,
  metadataPublic: metadataText(identity.metadata_public),
  metadataAdmin: metadataText(identity.metadata_admin),
});

/** What changed since the stored version; null when nothing did. Throws a message for invalid metadata JSON. */
const changes = (identity: Identity, draft: EditorDraft): UpdateIdentityInput | null => {
  const input: UpdateIdentityInput = {};
  // Key order is not a change: the form writes keys in schema order, the store keeps the order it was given.
  if (!jsonEqual(draft.traits, identity.traits)) input.traits = draft.traits;
  for (const [text, key, label] of [
    [draft.metadataPublic, 'metadata_public', 'Public metadata'],
    [draft.metadataAdmin, 'metadata_admin', 'Admin metadata'],
  ] as const) {
    if (text === metadataText(identity[key])) continue;
    const parsed = parseMetadata(text);
    if (!parsed.ok) throw new Error(`${label} is not valid JSON: ${parsed.message}`);
    input[key] = parsed.value;
  }
  return Object.keys(input).length > 0 ? input : null;
};

/** `/identities/<id>`: read and edit one identity. */
export const IdentityDetailPage = ({ id }: { id: string }) => {
  const api = useApi();
  const queries = useQueryClient();
  const key = [...queryKeys.identities, 'detail', id];
  const identity = useQuery({ queryKey: key, queryFn: () => api.identities.get(id), retry: false });
  const schemaId = identity.data?.schema_id;
  const schema = useQuery({
    queryKey: [...queryKeys.schemas, 'detail', schemaId],
    queryFn: () => api.schemas.get(schemaId ?? ''),
    enabled: schemaId !== undefined,
  });
  const [draft, setDraft] = useState<EditorDraft | null>(null);
  /** The stored version the editor was loaded from. */
  const [base, setBase] = useState<Identity | null>(null);
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [escArmed, setEscArmed] = useState(false);

  const stored = identity.data;
  let pending: UpdateIdentityInput | null = null;
  let edited = false;
  let draftError: string | null = null;
  try {
    pending = stored && draft ? changes(stored, draft) : null;
    // Edited means changed by the user since loading, not different from the store: after a revert
    // or another window's save the untouched editor must follow the new version.
    edited = base && draft ? changes(base, draft) !== null : pending !== null;
  } catch (err) {
    draftError = err instanceof Error ? err.message : String(err);
  }
  const dirty = edited || draftError !== null;

  // Load the stored version into the editor, and follow later versions while nothing is being edited.
  useEffect(() => {
    if (stored && (draft === null || (!dirty && stored.revision !== base?.revision))) {
      setDraft(draftOf(stored));
      setBase(stored);
    }
  }, [stored, draft, dirty, base]);

  const applied = (saved: Identity, message: string) => {
    queries.setQueryData(key, saved);
    setDraft(draftOf(saved));
    setBase(saved);
    setFailure(null);
    setNotice(message);
    void queries.invalidateQueries({ queryKey: queryKeys.identities });
  };
  const save = useMutation({
    mutationFn: (input: UpdateIdentityInput) => api.identities.update(id, input),
    onSuccess: (saved) => applied(saved, 'Saved.'),
    onError: (err) => setFailure(writeFailure(err)),
  });
  const toggleState = useMutation({
    mutationFn: (state: Identity['state']) => api.identities.setState(id, state),
    onSuccess: (saved) =>
      applied(
        saved,
        saved.state === 'active' ? 'Activated: this identity can sign in again.' : 'Deactivated: this identity can no longer sign in.',
      ),
    onError: (err) => setFailure(writeFailure(err)),
  });
  const remove = useMutation({
    mutationFn: async () => {
      try {
        await api.identities.delete(id);
      } catch (err) {
        // Over HTTP a void result currently arrives as `{ ok: true }` without `value`, which the
        // transport reports as an error; the store's own answer decides whether the delete happened.
        const gone = await api.identities.get(id).then(
          () => false,
          (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND',
        );
        if (!gone) throw err;
      }
    },
    onSuccess: async () => {
      // The delete's audit entry is what Undo reverts (a byte-for-byte restore).
      const label = stored ? identityLabel(stored) : id;
      const entry = await api.audit.list({ identityId: id, limit: 1 }).then(
        (page) => page.items.find((e) => e.action === 'delete'),
        () => undefined,
      );
      if (entry) offerUndo({ identityId: id, label, changeId: entry.changeId });
      queries.removeQueries({ queryKey: key });
      void queries.invalidateQueries({ queryKey: queryKeys.identities });
      navigate(listUrl());
    },
    onError: (err) => {
      setConfirmDelete(false);
      setFailure(writeFailure(err));
    },
  });

  const onSave = () => {
    if (draftError) setNotice(draftError);
    else if (!pending) setNotice('No changes to save.');
    else if (!save.isPending) save.mutate(pending);
  };
  const onEscape = () => {
    if (!dirty || escArmed) navigate(listUrl());
    else {
      setEscArmed(true);
      setNotice('Unsaved changes. Save with Ctrl+S, or press Esc again to discard them.');
    }
  };
  useEditorKeys({ onSave, onEscape });

  if (identity.isPending) return <p aria-busy="true">Opening the identity…</p>;
  if (identity.error || !stored) {
    return (
      <div role="alert" className="panel error-panel">
        <h1>This identity could not be opened</h1>
        <p>{identity.error?.message}</p>
        <a href={listUrl()} onClick={(e) => (e.preventDefault(), navigate(listUrl()))}>
          Back to identities
        </a>
      </div>
    );
  }
  const name = identityLabel(stored);
  return (
    <article className="ib-detail" aria-labelledby="ib-detail-title">
      <a className="ib-back" href={listUrl()} onClick={(e) => (e.preventDefault(), navigate(listUrl()))}>
        ← Identities <span className="ib-muted ib-small">(Esc)</span>
      </a>
      <header className="ib-detail-head">
        <div>
          <h1 id="ib-detail-title" data-testid="identity-title">
            {name}
          </h1>
          <p className="ib-facts">
            <StateBadge state={stored.state} />{' '}
            <span>
              Schema <code>{stored.schema_id}</code>
            </span>{' '}
            <span>
              id <code data-testid="identity-id">{stored.id}</code>
            </span>
            <span>Created {formatTimestamp(stored.created_at)}</span> <span>Updated {formatTimestamp(stored.updated_at)}</span>
            {stored.dirty ? <span className="ib-tag">not synced</span> : null}
          </p>
        </div>
        <div className="ib-actions">
          {/* The form lives in another frame; this is the user's (and a test's) sign that an edit has arrived. */}
          {dirty ? <span className="ib-unsaved">Unsaved changes</span> : null}
          <button type="button" className="button-primary" onClick={onSave} disabled={save.isPending} aria-keyshortcuts="Control+S">
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            onClick={() => toggleState.mutate(stored.state === 'active' ? 'inactive' : 'active')}
            disabled={toggleState.isPending}
          >
            {stored.state === 'active' ? 'Deactivate' : 'Activate'}
          </button>
          <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        </div>
      </header>
      <p className="ib-muted ib-small">
        {stored.state === 'active'
          ? 'Active: this identity can sign in.'
          : 'Inactive: this identity cannot sign in or use any self-service flow.'}
      </p>
      <IdentitySyncPanel id={stored.id} />
      <div aria-live="polite" className="ib-notices">
        {notice ? (
          <p className="ib-notice" data-testid="detail-notice">
            {notice}
          </p>
        ) : null}
        {failure ? (
          failure.conflict ? (
            <ConflictNotice conflict={failure.conflict} />
          ) : (
            <p role="alert" className="ib-field-error" data-testid="detail-error">
              {failure.message}
            </p>
          )
        ) : null}
      </div>
      {schema.error ? (
        <p role="alert">
          The schema {stored.schema_id} could not be loaded: {schema.error.message}
        </p>
      ) : null}
      {draft && schema.data ? (
        <IdentityEditor
          title={`Traits of ${name}`}
          schemaText={schema.data.text}
          schemaBody={schema.data.body}
          draft={draft}
          resetKey={`${stored.id}:${base?.revision ?? 0}`}
          onDraft={(patch) => {
            setDraft((d) => (d ? { ...d, ...patch } : d));
            setEscArmed(false);
            if (patch.traits !== undefined) setFailure(null);
            setNotice(null);
          }}
          writeIssues={failure?.issues ?? []}
          stored={stored}
          onSave={onSave}
          onEscape={onEscape}
        />
      ) : (
        <p aria-busy="true">Loading the form…</p>
      )}
      <IdentityViews identity={stored} />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${name}?`}
        confirmLabel="Delete identity"
        danger
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate()}
      >
        <p>
          This deletes <strong>{name}</strong> (<code>{stored.id}</code>) from the local store. The deletion is recorded in the audit log
          and is pushed on the next sync.
        </p>
      </ConfirmDialog>
    </article>
  );
};
