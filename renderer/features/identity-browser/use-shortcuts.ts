import { useEffect, useRef, type RefObject } from 'react';

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** `/` focuses the search box from anywhere on the page, unless the user is typing somewhere. */
export const useSlashToSearch = (input: RefObject<HTMLInputElement | null>): void => {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [input]);
};

/**
 * Ctrl/⌘+S saves and Esc closes, for editors. Esc inside a dialog, a text field with a value, or
 * a native control is left to them. The form frame forwards both keys by message (FormFrame).
 */
export const useEditorKeys = ({ onSave, onEscape }: { onSave?: () => void; onEscape?: () => void }): void => {
  const handlers = useRef({ onSave, onEscape });
  handlers.current = { onSave, onEscape };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        handlers.current.onSave?.();
      } else if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]') && !isTyping(e.target)) {
        handlers.current.onEscape?.();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
};
