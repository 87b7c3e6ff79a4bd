import { isolateHistory, redo, redoDepth, undo, undoDepth } from '@codemirror/commands';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, type Ref } from 'react';
import { editableExtension, editorExtensions, readOnlyCompartment } from './code-editor-setup';

export interface CodeEditorHandle {
  /** Replaces the whole document as one undoable change (Format). */
  replaceAll(text: string): void;
  /** Moves the cursor to a range, scrolls it into view and focuses the editor. */
  reveal(from: number, to?: number): void;
  undo(): void;
  redo(): void;
  focus(): void;
}

export interface EditorDiagnostics {
  /** The text the diagnostics were computed for; ignored while the document differs. */
  text: string;
  items: Diagnostic[];
}

export interface HistoryDepth {
  undo: number;
  redo: number;
}

interface Props {
  label: string;
  /** Loaded into a fresh editor state whenever `docKey` changes (another schema, a revert). */
  text: string;
  docKey: string;
  readOnly?: boolean;
  diagnostics: EditorDiagnostics;
  onChange(text: string): void;
  onCursor?(offset: number): void;
  onHistory?(depth: HistoryDepth): void;
  ref?: Ref<CodeEditorHandle>;
}

/**
 * CodeMirror 6 inside a shadow root. CodeMirror injects its styles at run time; in a document that
 * is a `<style>` element, which the window's CSP (`style-src 'self'`) refuses, but in a shadow root
 * it adopts a constructed stylesheet (CSSOM), which CSP does not govern. No nonce, no relaxed policy.
 */
export const CodeEditor = ({ label, text, docKey, readOnly = false, diagnostics, onChange, onCursor, onHistory, ref }: Props) => {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onCursor, onHistory });
  callbacks.current = { onChange, onCursor, onHistory };

  const freshState = (doc: string, locked: boolean) =>
    EditorState.create({
      doc,
      extensions: editorExtensions(label, locked, {
        onDocChange: (update) => {
          callbacks.current.onChange(update.state.doc.toString());
          callbacks.current.onHistory?.({ undo: undoDepth(update.state), redo: redoDepth(update.state) });
        },
        onCursor: (head) => callbacks.current.onCursor?.(head),
      }),
    });

  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    mount.style.height = '100%';
    shadow.appendChild(mount);
    view.current = new EditorView({ state: freshState(text, readOnly), parent: mount, root: shadow });
    return () => {
      view.current?.destroy();
      view.current = null;
      mount.remove();
    };
    // The view is built once; later text arrives through docKey, the flag through its compartment.
  }, []);

  const loadedKey = useRef(docKey);
  useEffect(() => {
    if (loadedKey.current === docKey || !view.current) return;
    loadedKey.current = docKey;
    view.current.setState(freshState(text, readOnly));
    callbacks.current.onHistory?.({ undo: 0, redo: 0 });
  }, [docKey]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnlyCompartment.reconfigure(editableExtension(readOnly)) });
  }, [readOnly]);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.length !== diagnostics.text.length || v.state.doc.toString() !== diagnostics.text) return;
    v.dispatch(setDiagnostics(v.state, diagnostics.items));
  }, [diagnostics]);

  useImperativeHandle(ref, () => ({
    replaceAll: (next) => {
      const v = view.current;
      if (!v || v.state.doc.toString() === next) return;
      // Its own undo step: history would otherwise merge it with an edit made just before.
      v.dispatch({
        changes: { from: 0, to: v.state.doc.length, insert: next },
        selection: EditorSelection.cursor(0),
        annotations: isolateHistory.of('full'),
      });
    },
    reveal: (from, to = from) => {
      const v = view.current;
      if (!v) return;
      const max = v.state.doc.length;
      const range = EditorSelection.range(Math.min(from, max), Math.min(to, max));
      v.dispatch({ selection: range, effects: EditorView.scrollIntoView(range, { y: 'center' }) });
      v.focus();
    },
    undo: () => {
      if (view.current) undo(view.current);
    },
    redo: () => {
      if (view.current) redo(view.current);
    },
    focus: () => view.current?.focus(),
  }));

  return <div ref={host} className="se-code" data-testid="schema-code-editor" />;
};
