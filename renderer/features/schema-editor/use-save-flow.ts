import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SchemaDetail, SchemaSummary } from '../../../shared/domain/schema';
import { queryKeys, useApi } from '../../api/use-api';
import { messageOf, suggestedIdOf } from '../../api/error-details';
import { identitiesText } from './source-labels';

export interface SaveAsState {
  open: boolean;
  suggestedId: string | null;
  reason: string;
}

export interface SaveFlow {
  saveAs: SaveAsState;
  saving: boolean;
  saveAsError: string | null;
  failure: string | null;
  notice: string | null;
  /** Ctrl+S and the Save button: in place when allowed, else the new-version dialog. */
  save(text: string, parses: boolean): void;
  openSaveAs(reason?: string): void;
  confirmSaveAs(id: string, text: string): void;
  closeSaveAs(): void;
  clearMessages(): void;
}

interface Options {
  stored: SchemaDetail | null;
  /** The schema the text started from (a preset for a new schema); the next version's id derives from it. */
  basedOn: string | null;
  onSaved(text: string): void;
  onCreated(summary: SchemaSummary): void;
}

/**
 * Saving under Kratos's rule that a used schema id never changes (design §6): a schema no identity
 * uses is updated in place; a used one, or a new one, is saved under a new id that
 * `schemas.suggestVersionId` proposes (`user_v0` → `user_v1`).
 */
export const useSaveFlow = ({ stored, basedOn, onSaved, onCreated }: Options): SaveFlow => {
  const api = useApi();
  const queries = useQueryClient();
  const [saveAs, setSaveAs] = useState<SaveAsState>({ open: false, suggestedId: null, reason: '' });
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const openSaveAs = (reason?: string, suggestedId?: string) => {
    const from = stored?.id ?? basedOn;
    const why =
      reason ??
      (stored
        ? `Saves the editor's text as a new schema; ${stored.id} stays as it is${stored.identityCount > 0 ? ` for the ${identitiesText(stored.identityCount)} that use it` : ''}.`
        : 'A new schema needs an id. Kratos identifies schemas by id, and identities keep the id they were created with.');
    setSaveAs({ open: true, suggestedId: suggestedId ?? (from ? null : ''), reason: why });
    if (suggestedId === undefined && from) {
      api.schemas.suggestVersionId(from).then(
        (id) => setSaveAs((s) => (s.open && s.suggestedId === null ? { ...s, suggestedId: id } : s)),
        () => setSaveAs((s) => (s.open && s.suggestedId === null ? { ...s, suggestedId: '' } : s)),
      );
    }
  };

  const update = useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) => api.schemas.update(id, text),
    onSuccess: (_summary, { id, text }) => {
      setFailure(null);
      setNotice(`Saved ${id}.`);
      onSaved(text);
      void queries.invalidateQueries({ queryKey: queryKeys.schemas });
    },
    onError: (err) => {
      const suggested = suggestedIdOf(err);
      // Someone created an identity with this schema meanwhile: the change must become a new version.
      if (suggested) openSaveAs(messageOf(err), suggested);
      else setFailure(messageOf(err));
    },
  });

  const create = useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) => api.schemas.create({ id, schema: text }),
    onSuccess: (summary) => {
      setSaveAs((s) => ({ ...s, open: false }));
      setFailure(null);
      void queries.invalidateQueries({ queryKey: queryKeys.schemas });
      onCreated(summary);
    },
  });

  return {
    saveAs,
    saving: update.isPending || create.isPending,
    saveAsError: create.error ? messageOf(create.error) : null,
    failure,
    notice,
    save: (text, parses) => {
      setNotice(null);
      if (!parses) {
        setFailure('The JSON does not parse: fix the problems listed under the editor before saving.');
        return;
      }
      if (stored && stored.identityCount === 0) {
        if (!update.isPending) update.mutate({ id: stored.id, text });
      } else {
        openSaveAs(
          stored
            ? `Used by ${identitiesText(stored.identityCount)}: Kratos schema ids are immutable, so the change is saved as a new schema and ${stored.id} stays as it is.`
            : undefined,
        );
      }
    },
    openSaveAs: (reason) => {
      create.reset();
      openSaveAs(reason);
    },
    confirmSaveAs: (id, text) => create.mutate({ id, text }),
    closeSaveAs: () => {
      create.reset();
      setSaveAs((s) => ({ ...s, open: false }));
    },
    clearMessages: () => {
      setNotice(null);
      setFailure(null);
    },
  };
};
