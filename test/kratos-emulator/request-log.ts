import type { FaultKind } from './faults';

/**
 * Every request the emulator saw, with what it answered, and the checks issue 12 names: no
 * concurrent writes, no request inside a 429 window, no forbidden patch operation, no constructed
 * page token. Times are milliseconds on the process's monotonic clock (performance.now()).
 */
export interface LogEntry {
  seq: number;
  method: string;
  /** Path as requested (before the self-hosted `/admin` prefixing). */
  path: string;
  /** The route's operation id, e.g. `listIdentities`; undefined for unknown routes. */
  operation?: string;
  bucket?: string;
  query: Record<string, string[]>;
  /** The parsed JSON body, or the raw text when it is not JSON; undefined when empty. */
  body?: unknown;
  /** 'ok' | 'missing' | 'wrong' (ory-network), 'none' (self-hosted takes no auth). */
  auth: 'ok' | 'missing' | 'wrong' | 'none';
  start: number;
  /** When the response finished or the socket closed; undefined while in flight. */
  end?: number;
  /** Undefined when no response was sent (drop, timeout). */
  status?: number;
  fault?: FaultKind;
  /** Seconds announced with a 429. */
  retryAfter?: number;
  /** Why a 429 was sent: the bucket ran out, or (Ory Network) another write was in flight. */
  limitedBy?: 'rate-limit' | 'concurrent-write';
  /** For list requests with a `page_token`: whether the emulator had issued it. */
  pageTokenIssued?: boolean;
  /** For single-identity PATCH: the operations Kratos refuses (unsupported op or denied path). */
  forbiddenOps?: { op: string; path: string; reason: string }[];
  isWrite: boolean;
}

export interface RequestLog {
  readonly entries: readonly LogEntry[];
  clear(): void;
  /** Pairs of writes whose [start, end] overlap. */
  concurrentWrites(): [LogEntry, LogEntry][];
  /**
   * Requests that started while a 429 answered earlier still forbade them: after a 429 on a bucket, no
   * request to that bucket before `end + retryAfter` (for the concurrent-write 429: no write).
   */
  insideRateLimitWindow(): { limited: LogEntry; offender: LogEntry }[];
  forbiddenPatchOps(): LogEntry[];
  constructedPageTokens(): LogEntry[];
  writes(): LogEntry[];
}

export const createRequestLog = (): RequestLog & { add(entry: Omit<LogEntry, 'seq'>): LogEntry } => {
  let entries: LogEntry[] = [];
  let seq = 0;
  const writes = (): LogEntry[] => entries.filter((e) => e.isWrite);
  return {
    get entries() {
      return entries;
    },
    add: (entry) => {
      seq += 1;
      const full = { seq, ...entry };
      entries.push(full);
      return full;
    },
    clear: () => {
      entries = [];
    },
    writes,
    concurrentWrites: () => {
      const sorted = writes().sort((a, b) => a.start - b.start);
      const out: [LogEntry, LogEntry][] = [];
      for (let i = 0; i < sorted.length; i += 1) {
        const a = sorted[i];
        if (a === undefined) continue;
        const aEnd = a.end ?? Number.POSITIVE_INFINITY;
        for (let j = i + 1; j < sorted.length; j += 1) {
          const b = sorted[j];
          if (b === undefined || b.start >= aEnd) break;
          out.push([a, b]);
        }
      }
      return out;
    },
    insideRateLimitWindow: () => {
      const out: { limited: LogEntry; offender: LogEntry }[] = [];
      for (const limited of entries) {
        if (limited.limitedBy === undefined || limited.end === undefined) continue;
        const until = limited.end + (limited.retryAfter ?? 0) * 1000;
        const concurrentWrite = limited.limitedBy === 'concurrent-write';
        for (const offender of entries) {
          if (offender.start <= limited.end || offender.start >= until) continue;
          if (concurrentWrite ? offender.isWrite : offender.bucket === limited.bucket) out.push({ limited, offender });
        }
      }
      return out;
    },
    forbiddenPatchOps: () => entries.filter((e) => (e.forbiddenOps?.length ?? 0) > 0),
    constructedPageTokens: () => entries.filter((e) => e.pageTokenIssued === false),
  };
};
