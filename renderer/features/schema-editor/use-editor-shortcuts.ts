import { useEffect, useRef } from 'react';

interface Shortcuts {
  onSave(): void;
  onFormat(): void;
}

/**
 * Ctrl/⌘+S saves and Shift+Alt+F formats from anywhere on the page, the code editor included (its
 * keydown events bubble out of its shadow root). Not while a dialog is open.
 */
export const useEditorShortcuts = (shortcuts: Shortcuts): void => {
  const handlers = useRef(shortcuts);
  handlers.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const dialogOpen = document.querySelector('dialog[open]') !== null;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!dialogOpen) handlers.current.onSave();
      } else if (e.shiftKey && e.altKey && e.code === 'KeyF' && !dialogOpen) {
        e.preventDefault();
        handlers.current.onFormat();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
};
