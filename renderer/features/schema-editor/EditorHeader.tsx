import type { SchemaDetail } from '../../../shared/domain/schema';
import type { HistoryDepth } from './CodeEditor';
import { identitiesText, SOURCE_LABEL } from './source-labels';

interface Props {
  stored: SchemaDetail | null;
  basedOn: string | null;
  dirty: boolean;
  saving: boolean;
  history: HistoryDepth;
  onSave(): void;
  onSaveAs(): void;
  onFormat(): void;
  onUndo(): void;
  onRedo(): void;
  onDiscard(): void;
}

/** The schema's name and facts, and the editor's commands (each with its shortcut). */
export const EditorHeader = ({ stored, basedOn, dirty, saving, history, onSave, onSaveAs, onFormat, onUndo, onRedo, onDiscard }: Props) => {
  const used = (stored?.identityCount ?? 0) > 0;
  return (
    <header className="se-editor-head">
      <div>
        <h1 id="se-editor-title" data-testid="schema-title">
          {stored ? stored.id : 'New schema'}
          {dirty ? (
            <span className="se-dirty" title="Unsaved changes">
              {' '}
              • unsaved
            </span>
          ) : null}
        </h1>
        <p className="se-facts">
          {stored ? (
            <>
              <span className={`se-badge se-source-${stored.source}`}>{SOURCE_LABEL[stored.source]}</span>
              {stored.isDefault ? <span className="se-badge se-badge-default">Default</span> : null}
              <span data-testid="schema-usage">Used by {identitiesText(stored.identityCount)}</span>
              {stored.title ? <span>{stored.title}</span> : null}
            </>
          ) : (
            <span>
              {basedOn
                ? `Starting from the preset ${basedOn}; saving creates a new schema.`
                : 'Starting blank; saving creates a new schema.'}
            </span>
          )}
        </p>
      </div>
      <div className="se-actions" role="toolbar" aria-label="Editor commands">
        {stored && !used ? (
          <button type="button" className="button-primary" onClick={onSave} disabled={saving} aria-keyshortcuts="Control+S">
            {saving ? 'Saving…' : 'Save'}
          </button>
        ) : null}
        <button
          type="button"
          className={stored && !used ? undefined : 'button-primary'}
          onClick={onSaveAs}
          disabled={saving}
          aria-keyshortcuts={stored && !used ? undefined : 'Control+S'}
        >
          {stored ? 'Save as new version…' : 'Save schema…'}
        </button>
        <button type="button" onClick={onFormat} aria-keyshortcuts="Shift+Alt+F">
          Format
        </button>
        <button type="button" onClick={onUndo} disabled={history.undo === 0} aria-keyshortcuts="Control+Z">
          Undo
        </button>
        <button type="button" onClick={onRedo} disabled={history.redo === 0} aria-keyshortcuts="Control+Shift+Z">
          Redo
        </button>
        <button type="button" onClick={onDiscard} disabled={!dirty}>
          Discard changes
        </button>
      </div>
    </header>
  );
};
