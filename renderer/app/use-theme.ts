import { useCallback, useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'identity-desk-theme';
const ORDER: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const stored = (): ThemeChoice => {
  const value = localStorage.getItem(STORAGE_KEY);
  return ORDER.find((t) => t === value) ?? 'system';
};

/** Follows the OS until the user picks a theme; the choice is kept across launches. */
export const useTheme = (): { choice: ThemeChoice; cycle: () => void } => {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = choice === 'dark' || (choice === 'system' && media.matches);
      document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [choice]);
  const cycle = useCallback(() => {
    setChoice((current) => {
      const next = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] ?? 'system';
      localStorage.setItem(STORAGE_KEY, next);
      return next;
    });
  }, []);
  return { choice, cycle };
};
