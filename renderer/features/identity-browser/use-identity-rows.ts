import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Identity } from '../../../shared/domain/identity';
import type { SearchPage, SearchQuery } from '../../../shared/domain/search';
import { queryKeys, useApi } from '../../api/use-api';

/** Rows per request; one block covers about three screens. */
export const BLOCK_SIZE = 100;
/** Blocks kept in memory: memory stays flat however far one scrolls through a million rows. */
const MAX_BLOCKS = 24;
/** Requests in flight at once, so a scrollbar drag does not queue hundreds of stale pages. */
const MAX_IN_FLIGHT = 3;

interface Block {
  items: Identity[];
  next: string | null;
}

export interface IdentityRows {
  /** The identity at a position, or undefined while its block is loading. */
  rowAt(index: number): Identity | undefined;
  /** Tell the loader what is on screen. Stable across renders. */
  setRange(first: number, end: number): void;
  /** A lower bound on the row count learnt from pages (for capped text counts). */
  knownRows: number;
  error: Error | null;
  retry(): void;
}

/**
 * Keyset-paged rows for the virtual list. A block that follows a loaded block continues with its
 * cursor (`after`); anything else is a jump (`position`), which the store answers from its
 * checkpoints without OFFSET. Only blocks near the viewport are fetched and kept.
 */
export const useIdentityRows = (query: SearchQuery): IdentityRows => {
  const api = useApi();
  const key = JSON.stringify(query);
  const blocks = useRef(new Map<number, Block>());
  /** After a change event: the previous rows, shown until fresh ones arrive (no flicker). */
  const stale = useRef(new Map<number, Block>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef({ first: 0, end: 0 });
  const [, setTick] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const [knownRows, setKnownRows] = useState(0);
  const queryRef = useRef(query);
  queryRef.current = query;

  const wanted = (): number[] => {
    const { first, end } = range.current;
    if (end <= first) return [];
    const out: number[] = [];
    for (let b = Math.floor(first / BLOCK_SIZE); b <= Math.floor((end - 1) / BLOCK_SIZE); b++) out.push(b);
    return out;
  };

  const evict = () => {
    if (blocks.current.size <= MAX_BLOCKS) return;
    const centre = Math.floor(range.current.first / BLOCK_SIZE);
    const byDistance = [...blocks.current.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const b of byDistance.slice(0, blocks.current.size - MAX_BLOCKS)) blocks.current.delete(b);
  };

  const pump = useCallback(() => {
    for (const b of wanted()) {
      if (inFlight.current.size >= MAX_IN_FLIGHT) return;
      if (blocks.current.has(b) || inFlight.current.has(b)) continue;
      const gen = generation.current;
      const previous = blocks.current.get(b - 1);
      const request: SearchQuery =
        previous?.next && previous.items.length === BLOCK_SIZE
          ? { ...queryRef.current, limit: BLOCK_SIZE, after: previous.next }
          : { ...queryRef.current, limit: BLOCK_SIZE, position: b * BLOCK_SIZE };
      inFlight.current.add(b);
      api.search
        .query(request)
        .then((page: SearchPage) => {
          if (gen !== generation.current) return;
          blocks.current.set(b, { items: page.items, next: page.next });
          stale.current.delete(b);
          evict();
          if (page.next) setKnownRows((k) => Math.max(k, b * BLOCK_SIZE + page.items.length + 1));
          setError(null);
          setTick((t) => t + 1);
        })
        .catch((err: unknown) => {
          if (gen === generation.current) setError(err instanceof Error ? err : new Error(String(err)));
        })
        .finally(() => {
          if (gen !== generation.current) return;
          inFlight.current.delete(b);
          // Rows that scrolled off while this page was loading are skipped; what is on screen now is next.
          pump();
        });
    }
    // `api` is stable for the app's life; the loader reads everything else through refs.
  }, [api]);

  const reset = useCallback(
    (keepStale: boolean) => {
      generation.current++;
      stale.current = keepStale ? new Map([...stale.current, ...blocks.current]) : new Map();
      if (stale.current.size > MAX_BLOCKS) {
        const onScreen = new Set(wanted());
        for (const b of stale.current.keys()) if (!onScreen.has(b)) stale.current.delete(b);
      }
      blocks.current = new Map();
      inFlight.current = new Set();
      setError(null);
      setTick((t) => t + 1);
      pump();
    },
    [pump],
  );

  useEffect(() => {
    setKnownRows(0);
    reset(false);
  }, [key, reset]);

  // Follow store changes through the query cache, which the app's event listener already
  // invalidates (renderer/api/use-api.ts): a subscription of our own would open one more event
  // stream, and the web host's transport uses one HTTP connection per subscription.
  const version = useQuery({ queryKey: [...queryKeys.identities, 'rows-version', key], queryFn: () => Date.now(), staleTime: Infinity, gcTime: 0 });
  const seenVersion = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (version.data === undefined) return;
    if (seenVersion.current !== undefined && seenVersion.current !== version.data) reset(true);
    seenVersion.current = version.data;
  }, [version.data, reset]);

  const setRange = useCallback(
    (first: number, end: number) => {
      range.current = { first, end };
      pump();
    },
    [pump],
  );

  const rowAt = (index: number): Identity | undefined => {
    const b = Math.floor(index / BLOCK_SIZE);
    const block = blocks.current.get(b) ?? stale.current.get(b);
    return block?.items[index % BLOCK_SIZE];
  };

  return { rowAt, setRange, knownRows, error, retry: () => reset(true) };
};
