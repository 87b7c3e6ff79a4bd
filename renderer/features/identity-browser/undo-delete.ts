import { useSyncExternalStore } from 'react';

/** The identity just deleted, with the audit change that deleted it: the list offers Undo for a few seconds. */
export interface DeletedIdentity {
  identityId: string;
  label: string;
  changeId: number;
  until: number;
}

export const UNDO_MS = 10_000;

let current: DeletedIdentity | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
let timer: ReturnType<typeof setTimeout> | undefined;

export const offerUndo = (deleted: Omit<DeletedIdentity, 'until'>): void => {
  current = { ...deleted, until: Date.now() + UNDO_MS };
  clearTimeout(timer);
  timer = setTimeout(() => dismissUndo(), UNDO_MS);
  notify();
};

export const dismissUndo = (): void => {
  current = null;
  clearTimeout(timer);
  notify();
};

export const useDeletedIdentity = (): DeletedIdentity | null =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
