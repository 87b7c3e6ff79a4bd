import { useCallback, useSyncExternalStore } from 'react';

/** A minimal History-API router: the path and query survive reload in both hosts. */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

const snapshot = () => window.location.pathname + window.location.search;

/** Says whether a Back/Forward to `to` is held (the blocker then asks the user, and navigates if they agree). */
export type NavigationBlocker = (to: string) => boolean;
let blocker: NavigationBlocker | null = null;
// Where the app is: after a Back/Forward the browser's location has already moved, so a held one needs this.
let shown = snapshot();

window.addEventListener('popstate', () => {
  const to = snapshot();
  if (to !== shown && blocker !== null && blocker(to)) {
    // Put the page the user is still on back on top of the history; the blocker decides what happens next.
    history.pushState(null, '', shown);
    return;
  }
  shown = to;
  notify();
});

/** Installs the one blocker (the page with unsaved work); returns its removal. */
export const blockNavigation = (b: NavigationBlocker): (() => void) => {
  blocker = b;
  return () => {
    if (blocker === b) blocker = null;
  };
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const navigate = (to: string, { replace = false } = {}): void => {
  if (to === snapshot()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  shown = snapshot();
  notify();
};

export const useLocation = (): { path: string; search: URLSearchParams } => {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, 'http://local');
  return { path: url.pathname, search: url.searchParams };
};

export const useNavigate = () => useCallback(navigate, []);
