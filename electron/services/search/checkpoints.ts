import type { Db } from '../../db/open-database';
import type { SortKey } from './search-sql';

/** Every STRIDE-th key of a sorted result: a jump reads at most STRIDE keys from an index. */
export const STRIDE = 64;
const MAX_CACHED = 8;

interface Entry {
  generation: number;
  keys: SortKey[];
}

/**
 * Position → key for jumps anywhere in a list without OFFSET. The keys of every STRIDE-th row
 * are sampled once per (query, sort) by a window function over the sort index (one index-only
 * pass in C), and reused until the store changes (the `mutations` counter, which every writer —
 * service, worker or sync — bumps through triggers). A jump then seeks the checkpoint and steps
 * over fewer than STRIDE index entries.
 */
export interface Checkpoints {
  keyAt(signature: string, sampleSql: string, params: readonly unknown[], position: number): { key: SortKey; skip: number } | null;
}

export const createCheckpoints = (db: Db): Checkpoints => {
  const generation = db.prepare("SELECT value FROM counters WHERE name = 'mutations'").pluck();
  const cache = new Map<string, Entry>();
  const sample = (signature: string, sql: string, params: readonly unknown[]): SortKey[] => {
    const current = generation.get() as number;
    const hit = cache.get(signature);
    if (hit && hit.generation === current) return hit.keys;
    const keys = db.prepare(sql).raw().all(...params) as SortKey[];
    cache.delete(signature);
    cache.set(signature, { generation: current, keys });
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
    return keys;
  };
  return {
    keyAt: (signature, sampleSql, params, position) => {
      const keys = sample(signature, sampleSql, params);
      const index = Math.floor(position / STRIDE);
      const key = keys[index];
      return key === undefined ? null : { key, skip: position - index * STRIDE };
    },
  };
};
