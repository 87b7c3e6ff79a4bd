import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../jobs/run-worker';
import { NATIVE_BINDING_ENV } from '../../db/open-database';

/** Worker entry: SQLite's full integrity check of the store file on a read-only connection of its own. */
export interface IntegrityWorkerData {
  file: string;
}

const MAX_FINDINGS = 100;
const { file } = workerData as IntegrityWorkerData;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

const check = (): string[] => {
  const binding = process.env[NATIVE_BINDING_ENV];
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  } catch (err) {
    return [`the file cannot be opened: ${err instanceof Error ? err.message : String(err)}`];
  }
  try {
    const rows = db.pragma(`integrity_check(${MAX_FINDINGS})`) as { integrity_check: string }[];
    const findings = rows.map((r) => r.integrity_check);
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  } finally {
    db.close();
  }
};

post({ type: 'done', result: check() });
parentPort?.close();
