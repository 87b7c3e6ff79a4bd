import { useSyncExternalStore } from 'react';

export type DocumentTheme = 'light' | 'dark';

const read = (): DocumentTheme => (document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light');

const subscribe = (onChange: () => void) => {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
};

/** The theme the app applied (renderer/app/use-theme.ts), for documents that cannot see it: the form frame. */
export const useDocumentTheme = (): DocumentTheme => useSyncExternalStore(subscribe, read);
