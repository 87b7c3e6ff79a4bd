import { useCallback, useMemo, useRef, useState } from 'react';
import type { SchemaDetail } from '../../../shared/domain/schema';
import { lineColAt } from '../../../shared/schema-tools';
import { navigate } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { AppLink } from './AppLink';
import { CodeEditor, type CodeEditorHandle, type HistoryDepth } from './CodeEditor';
import { ComparePanel } from './ComparePanel';
import { EditorHeader } from './EditorHeader';
import { PreviewPanel, type PreviewData } from './PreviewPanel';
import { ProblemsPanel } from './ProblemsPanel';
import { SaveAsDialog } from './SaveAsDialog';
import { editUrl, SCHEMAS_PATH } from './schema-routes';
import { identitiesText } from './source-labels';
import { TryItPanel } from './TryItPanel';
import { issuesOnForm } from './try-it';
import { useEditorShortcuts } from './use-editor-shortcuts';
import { useSaveFlow } from './use-save-flow';
import { useSchemaDocument } from './use-schema-document';
import { useTryIt } from './use-try-it';
import { useUnsavedGuard } from './use-unsaved-guard';

interface Props {
  /** The stored schema being edited; null for a new one. */
  stored: SchemaDetail | null;
  initialText: string;
  /** Where the text came from: the stored schema itself, or the preset a new one starts from. */
  basedOn: string | null;
  /** The old schema the compare panel starts with. */
  compareBase: string | null;
  /** The URL of this screen without `base`, to keep the compare choice in the address bar. */
  selfUrl: (base: string | null) => string;
}

const EMPTY_PREVIEW: PreviewData = { traits: {}, password: '' };

/** The schema editor: code, problems, live preview with "try it", versions, diff and impact. */
export const SchemaWorkbench = ({ stored, initialText, basedOn, compareBase, selfUrl }: Props) => {
  const editor = useRef<CodeEditorHandle>(null);
  const [text, setText] = useState(initialText);
  const [savedText, setSavedText] = useState(initialText);
  const [docKey, setDocKey] = useState(0);
  const [cursor, setCursor] = useState(0);
  const [history, setHistory] = useState<HistoryDepth>({ undo: 0, redo: 0 });
  const [preview, setPreview] = useState<PreviewData>(EMPTY_PREVIEW);
  const [previewKey, setPreviewKey] = useState(0);
  // An untouched form is not wrong yet: Kratos's verdict goes on its fields once the user has typed or pasted.
  const [touched, setTouched] = useState(false);
  const [leaving, setLeaving] = useState<string | null>(null);
  const [formatNote, setFormatNote] = useState<string | null>(null);
  const doc = useSchemaDocument(text);
  const unsaved = text !== savedText;

  const flow = useSaveFlow({
    stored,
    basedOn,
    onSaved: setSavedText,
    onCreated: (summary) => {
      // The new schema is stored with exactly this text: nothing is left unsaved.
      setSavedText(text);
      navigate(editUrl(summary.id, stored?.id ?? basedOn));
    },
  });
  const save = () => flow.save(text, doc.parses);
  const format = () => {
    if (!doc.parses) {
      setFormatNote('Format needs JSON that parses: fix the problems listed under the editor first.');
      return;
    }
    setFormatNote(null);
    editor.current?.replaceAll(`${JSON.stringify(doc.body, null, 2)}\n`);
  };
  useEditorShortcuts({ onSave: save, onFormat: format });
  useUnsavedGuard(unsaved && !flow.saving, setLeaving);

  const tryIt = useTryIt(doc.parses ? text : doc.goodText || null, preview.traits);
  const extraErrors = useMemo(() => issuesOnForm(touched ? (tryIt.results?.[0]?.errors ?? []) : [], ['traits']), [touched, tryIt.results]);
  const position = useMemo(() => lineColAt(text, cursor), [text, cursor]);
  const onData = useCallback((data: PreviewData) => {
    setPreview(data);
    setTouched(true);
  }, []);
  const used = stored !== null && stored.identityCount > 0;

  return (
    <article className="se-editor-page" aria-labelledby="se-editor-title">
      <AppLink to={SCHEMAS_PATH} className="se-back">
        ← Schemas
      </AppLink>
      <EditorHeader
        stored={stored}
        basedOn={basedOn}
        dirty={unsaved}
        saving={flow.saving}
        history={history}
        onSave={save}
        onSaveAs={() => flow.openSaveAs()}
        onFormat={format}
        onUndo={() => editor.current?.undo()}
        onRedo={() => editor.current?.redo()}
        onDiscard={() => {
          setText(savedText);
          setDocKey((k) => k + 1);
          flow.clearMessages();
        }}
      />
      {used ? (
        <div className="se-readonly-notice" role="note" data-testid="readonly-notice">
          <p>
            <strong>Used by {identitiesText(stored.identityCount)}</strong> — Kratos schema ids are immutable, so {stored.id} cannot change.
            Edit freely here and save the result as a new version.
          </p>
          <button type="button" onClick={() => flow.openSaveAs()}>
            Save as new version…
          </button>
        </div>
      ) : null}
      <div aria-live="polite" className="se-notices">
        {flow.notice ? (
          <p className="se-notice" data-testid="editor-notice">
            {flow.notice}
          </p>
        ) : null}
        {flow.failure || formatNote ? (
          <p role="alert" className="se-error-text" data-testid="editor-error">
            {flow.failure ?? formatNote}
          </p>
        ) : null}
      </div>
      <div className="se-workbench">
        <section className="se-source" aria-label="Schema source">
          <CodeEditor
            ref={editor}
            label="Schema JSON"
            text={savedText}
            docKey={String(docKey)}
            diagnostics={doc.diagnostics}
            onChange={setText}
            onCursor={setCursor}
            onHistory={setHistory}
          />
          <p className="se-status" data-testid="cursor-position" aria-live="off">
            Ln {position.line}, Col {position.column} · {text.length.toLocaleString()} characters
          </p>
          <ProblemsPanel
            problems={doc.problems}
            counts={doc.counts}
            checking={doc.checking}
            lintNote={doc.lintNote}
            onReveal={(p) => editor.current?.reveal(p.from, p.to)}
          />
        </section>
        <div className="se-side">
          <PreviewPanel
            forms={doc.forms}
            version={doc.version}
            stale={!doc.parses}
            data={preview}
            dataKey={previewKey}
            extraErrors={extraErrors}
            onData={onData}
            onSave={save}
          />
          <TryItPanel
            tryIt={tryIt}
            schemaBlocked={doc.refused ? 'Kratos refuses this schema (see Problems): fix it to try traits against it.' : null}
            onPaste={(traits) => {
              setTouched(true);
              setPreview({ traits, password: '' });
              setPreviewKey((k) => k + 1);
            }}
            onClear={() => {
              setTouched(false);
              setPreview(EMPTY_PREVIEW);
              setPreviewKey((k) => k + 1);
            }}
          />
        </div>
      </div>
      <ComparePanel
        baseId={compareBase}
        onBaseChange={(id) => navigate(selfUrl(id), { replace: true })}
        target={{ label: stored ? `${stored.id} (editor)` : 'the editor’s text', text: doc.goodText, body: doc.body, parses: doc.parses }}
      />
      <SaveAsDialog
        open={flow.saveAs.open}
        suggestedId={flow.saveAs.suggestedId}
        reason={flow.saveAs.reason}
        busy={flow.saving}
        error={flow.saveAsError}
        onSave={(id) => flow.confirmSaveAs(id, text)}
        onCancel={flow.closeSaveAs}
      />
      <ConfirmDialog
        open={leaving !== null}
        title="Leave without saving?"
        confirmLabel="Discard changes and leave"
        danger
        onCancel={() => setLeaving(null)}
        onConfirm={() => {
          const to = leaving;
          setLeaving(null);
          if (to) navigate(to);
        }}
      >
        <p>The schema has changes that are not saved. Leaving discards them.</p>
      </ConfirmDialog>
    </article>
  );
};
