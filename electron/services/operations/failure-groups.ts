import type { FailureGroup } from '../../../shared/domain/operations';
import { AppError } from '../../../shared/errors';
import { isRecord } from '../../../shared/json';
import { logInternal } from '../app/internal-log';

/** Groups kept, and example identities per group: enough to see every kind of failure without a huge report. */
const MAX_GROUPS = 100;
const MAX_EXAMPLES = 5;

/**
 * Why one identity failed, as (pointer, message) pairs to group by. A uniqueness conflict names the other
 * identity in its message, so its group message leaves that out (the examples show who).
 */
export const issuesOf = (err: unknown): { pointer: string; message: string }[] => {
  if (!(err instanceof AppError)) {
    logInternal(err);
    return [{ pointer: '#', message: 'internal error (see identity-desk.log)' }];
  }
  const d = isRecord(err.details) ? err.details : {};
  if (err.code === 'CONFLICT' && typeof d['pointer'] === 'string') {
    const what = typeof d['type'] === 'string' ? `the ${d['type']} ${d['kind'] === 'address' ? 'address' : 'identifier'}` : 'the value';
    return [{ pointer: d['pointer'], message: `${what} belongs to another identity` }];
  }
  const issues = Array.isArray(d['issues']) ? d['issues'].filter(isRecord) : [];
  const found = issues
    .filter((i) => typeof i['pointer'] === 'string' && typeof i['message'] === 'string')
    .map((i) => ({ pointer: i['pointer'] as string, message: i['message'] as string }));
  if (found.length > 0) return found;
  return [{ pointer: typeof d['pointer'] === 'string' ? d['pointer'] : '#', message: err.message }];
};

export interface FailureGroups {
  add(identityId: string, err: unknown): void;
  /** Adds groups counted elsewhere (the other thread of a dry run). */
  merge(groups: readonly FailureGroup[]): void;
  list(): FailureGroup[];
}

export const createFailureGroups = (initial: readonly FailureGroup[] = []): FailureGroups => {
  const groups = new Map<string, FailureGroup>(initial.map((g) => [`${g.pointer}\u0000${g.message}`, { ...g, examples: [...g.examples] }]));
  return {
    add: (identityId, err) => {
      const seen = new Set<string>();
      for (const issue of issuesOf(err)) {
        const key = `${issue.pointer}\u0000${issue.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let g = groups.get(key);
        if (!g) {
          if (groups.size >= MAX_GROUPS) continue;
          g = { pointer: issue.pointer, message: issue.message, count: 0, examples: [] };
          groups.set(key, g);
        }
        g.count++;
        if (g.examples.length < MAX_EXAMPLES) g.examples.push(identityId);
      }
    },
    merge: (more) => {
      for (const m of more) {
        const key = `${m.pointer}\u0000${m.message}`;
        const g = groups.get(key);
        if (g) {
          g.count += m.count;
          g.examples.push(...m.examples.slice(0, MAX_EXAMPLES - g.examples.length));
        } else if (groups.size < MAX_GROUPS) groups.set(key, { ...m, examples: m.examples.slice(0, MAX_EXAMPLES) });
      }
    },
    list: () => [...groups.values()].sort((a, b) => b.count - a.count),
  };
};
