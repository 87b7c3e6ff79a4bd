import { useCallback, useSyncExternalStore } from 'react';

/** A minimal History-API router: the path and query survive reload in both hosts. */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const snapshot = () => window.location.pathname + window.location.search;

export const navigate = (to: string, { replace = false } = {}): void => {
  if (to === snapshot()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
};

export const useLocation = (): { path: string; search: URLSearchParams } => {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, 'http://local');
  return { path: url.pathname, search: url.searchParams };
};

export const useNavigate = () => useCallback(navigate, []);
