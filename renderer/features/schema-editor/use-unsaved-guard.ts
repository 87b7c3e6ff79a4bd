import { useEffect, useRef } from 'react';
import { blockNavigation } from '../../app/router';

/**
 * Keeps unsaved edits from being lost: the browser asks before a reload or close, and in-app links
 * and Back/Forward are held until `confirmLeave` says yes. Links are caught in the capture phase on
 * the window, before React's own handlers would navigate.
 */
export const useUnsavedGuard = (dirty: boolean, confirmLeave: (href: string) => void): void => {
  const state = useRef({ dirty, confirmLeave });
  state.current = { dirty, confirmLeave };
  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!state.current.dirty) return;
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      if (!state.current.dirty || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const anchor = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.hasAttribute('download')) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname + url.search === window.location.pathname + window.location.search) return;
      e.preventDefault();
      e.stopPropagation();
      state.current.confirmLeave(url.pathname + url.search);
    };
    const unblock = blockNavigation((to) => {
      if (!state.current.dirty) return false;
      state.current.confirmLeave(to);
      return true;
    });
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      unblock();
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, []);
};
