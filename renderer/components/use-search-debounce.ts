import { useEffect, useRef } from 'react';

/**
 * Debounce for search boxes with a leading edge: the first change after a quiet period is sent at
 * once (a pasted or first-typed term shows results without waiting), later changes within
 * `delayMs` of each other are coalesced into one trailing send.
 */
export const useSearchDebounce = (value: string, delayMs: number, send: (value: string) => void): void => {
  const lastChange = useRef(0);
  const sendRef = useRef(send);
  sendRef.current = send;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    const now = performance.now();
    const quiet = now - lastChange.current > delayMs;
    lastChange.current = now;
    if (quiet) {
      sendRef.current(value);
      return undefined;
    }
    const timer = setTimeout(() => sendRef.current(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
};
