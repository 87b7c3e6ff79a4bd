import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SchemaSummary } from '../../../shared/domain/schema';
import { queryKeys, useApi } from '../../api/use-api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { messageOf } from '../../api/error-details';
import { ExportConfigPanel } from './ExportConfigPanel';
import { ImportConfigPanel } from './ImportConfigPanel';
import { PresetGallery } from './PresetGallery';
import { SchemaTable } from './SchemaTable';
import { useSchemaList } from './use-schemas';

type Panel = 'gallery' | 'import' | 'export' | null;

/** `/schemas`: every schema, its usage and origin; new from a preset; Kratos config in and out. */
export const SchemasPage = () => {
  const api = useApi();
  const queries = useQueryClient();
  const list = useSchemaList();
  const [panel, setPanel] = useState<Panel>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SchemaSummary | null>(null);
  const done = (message: string) => {
    setNotice(message);
    setFailure(null);
    void queries.invalidateQueries({ queryKey: queryKeys.schemas });
  };
  const setDefault = useMutation({
    mutationFn: (id: string) => api.schemas.setDefault(id),
    onSuccess: (_v, id) => done(`${id} is now the default schema: new identities use it unless they name another.`),
    onError: (err) => setFailure(messageOf(err)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.schemas.remove(id),
    onSuccess: (_v, id) => {
      setDeleting(null);
      done(`Deleted ${id}.`);
    },
    onError: (err) => {
      setDeleting(null);
      setFailure(messageOf(err));
    },
  });
  const toggle = (p: Exclude<Panel, null>) => setPanel((current) => (current === p ? null : p));
  const schemas = list.data ?? [];
  const presets = schemas.filter((s) => s.source === 'preset');
  const busyId = setDefault.isPending ? (setDefault.variables ?? null) : remove.isPending ? (remove.variables ?? null) : null;
  return (
    <div className="se-page" aria-labelledby="se-schemas-title">
      <header className="se-page-head">
        <h1 id="se-schemas-title">Schemas</h1>
        <p className="se-muted">{list.data ? `${schemas.length} identity schemas` : null}</p>
        <div className="se-actions">
          <button type="button" className="button-primary" aria-expanded={panel === 'gallery'} onClick={() => toggle('gallery')}>
            New schema…
          </button>
          <button type="button" aria-expanded={panel === 'import'} onClick={() => toggle('import')}>
            Import Kratos config…
          </button>
          <button type="button" aria-expanded={panel === 'export'} onClick={() => toggle('export')}>
            Export Kratos config…
          </button>
        </div>
      </header>
      <div aria-live="polite" className="se-notices">
        {notice ? <p className="se-notice">{notice}</p> : null}
        {failure ? (
          <p role="alert" className="se-error-text" data-testid="schemas-error">
            {failure}
          </p>
        ) : null}
      </div>
      {panel === 'gallery' || (list.data && schemas.length === 0) ? <PresetGallery presets={presets} /> : null}
      {panel === 'import' ? <ImportConfigPanel onClose={() => setPanel(null)} /> : null}
      {panel === 'export' ? <ExportConfigPanel onClose={() => setPanel(null)} /> : null}
      {list.isPending ? (
        <p aria-busy="true">Loading the schemas…</p>
      ) : list.error ? (
        <div role="alert" className="panel error-panel">
          <h2>The schemas could not be loaded</h2>
          <p>{messageOf(list.error)}</p>
          <button type="button" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      ) : schemas.length === 0 ? (
        <p className="se-muted">No schemas yet: start one from a preset above, or import a Kratos config.</p>
      ) : (
        <SchemaTable schemas={schemas} busyId={busyId} onSetDefault={(id) => setDefault.mutate(id)} onDelete={setDeleting} />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.id ?? ''}?`}
        confirmLabel="Delete schema"
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      >
        <p>
          No identity uses <strong>{deleting?.id}</strong>, so it can be removed from this store. A Kratos config exported afterwards will
          not list it.
        </p>
      </ConfirmDialog>
    </div>
  );
};
