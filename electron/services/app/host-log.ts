import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The host's log in the data directory: internals (stacks, SQL) go here, never to the user's output. */
export const LOG_FILE = 'identity-desk.log';
const MAX_LOG_BYTES = 5 * 1024 * 1024;

export type HostLog = (err: unknown) => void;

/**
 * Appends one entry per error, with its stack. Past 5 MiB the log moves to `identity-desk.log.1`
 * (one generation kept). Logging never throws: a full disk must not turn an answer into a crash.
 */
export const createHostLog = (dataDir: string, host: string): HostLog => {
  const file = join(dataDir, LOG_FILE);
  return (err) => {
    try {
      mkdirSync(dataDir, { recursive: true });
      try {
        if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      } catch {
        // No log yet.
      }
      const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
      appendFileSync(file, `${new Date().toISOString()} [${host}] ${text}\n`);
    } catch {
      // Nowhere left to write: the answer to the user is already generic.
    }
  };
};
