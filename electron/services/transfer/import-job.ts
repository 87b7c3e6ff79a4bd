import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ImportReport, ImportRequest, ImportRowError } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import { IMPORT_CACHE_KIB, openStore } from '../../db/open-database';
import type { ChangeContext } from '../identities/change-writer';
import { createChangeWriter } from '../identities/change-writer';
import { createSchemaValidators } from '../identities/schema-validators';
import { readProfile } from '../identities/stored-identity';
import { createOperationsStore } from '../operations/operations-store';
import { createValidationEngine } from '../validation/index';
import type { PreparedBatch } from './import-prepare';
import { issueOf, prepareBatches } from './import-prepare';

export interface ImportJobOptions {
  dataDir: string;
  request: ImportRequest;
  actor: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
  isCancelled?: () => boolean;
}

const REPORT_KEEP = 100;

/**
 * The import itself, run inside a worker (or a crash-test child) with its own connection.
 * Skip mode commits every batch (a crash leaves whole batches); all-or-nothing mode is one
 * transaction that a first bad row or a cancel rolls back. Rows go through the change writer with the
 * `import` origin: audited under the import's operation (without a second copy of the identity: the row
 * is the imported version), never queued for sync unless the request asks for it.
 */
/** Pages of WAL between automatic checkpoints on the import's connection (4 KiB pages: about 40 MB). */
export const IMPORT_WAL_CHECKPOINT_PAGES = 10_000;

export const runImport = async (opts: ImportJobOptions): Promise<ImportReport> => {
  const store = openStore(opts.dataDir, { cacheKib: IMPORT_CACHE_KIB });
  // Checkpoint every ~40 MB of WAL instead of SQLite's 4 MB: a batch dirties thousands of random index pages, and
  // pages that several batches touch are then copied into the database once instead of once per batch. Commits
  // stay durable (synchronous=FULL syncs the WAL); the last checkpoint runs when the connection closes.
  store.db.pragma(`wal_autocheckpoint = ${IMPORT_WAL_CHECKPOINT_PAGES}`);
  try {
    return await importInto(store.db, opts);
  } finally {
    store.db.close();
  }
};

/**
 * The prepared batches, read, validated and derived on this thread. A second thread for this half was
 * measured at 100k rows: +6% rows/s and +173 MB peak RSS (+110 MB and slower with a capped heap), so the
 * import stays on one thread and its write path got cheaper instead (no triggers, no audit copy).
 */
const preparedSource = (db: Db, opts: ImportJobOptions, batchSize: number): AsyncIterable<PreparedBatch> => {
  const engine = createValidationEngine();
  const validators = createSchemaValidators(db, (s) => engine.compile(s));
  return prepareBatches(db, validators, opts.request, batchSize);
};

const importInto = async (db: Db, opts: ImportJobOptions): Promise<ImportReport> => {
  const { request } = opts;
  const skip = request.skipInvalid === true;
  const writer = createChangeWriter(db);
  const operations = createOperationsStore(db);
  const profile = readProfile(db);
  const schemaBody = db.prepare('SELECT body FROM schemas WHERE id = ?').pluck();
  const operationId = operations.start({
    id: randomUUID(),
    kind: 'import',
    actor: opts.actor,
    target: { format: request.format ?? null, schemaId: request.schemaId ?? null },
    policy: skip ? 'skip' : 'all',
  });
  const counts = () => ({ imported: report.imported, skipped: report.skipped });

  const report: ImportReport = { operationId, imported: 0, skipped: 0, errors: [], reportFile: null };
  let reportFd: number | null = null;
  const fail = (line: number, issue: { pointer: string; message: string; column?: number }) => {
    const entry: ImportRowError = { line, ...issue };
    if (!skip) throw new AppError('VALIDATION_FAILED', `Line ${line}: ${issue.message}`, { line, pointer: issue.pointer, issues: [{ pointer: issue.pointer, keyword: null, message: issue.message }] });
    report.skipped++;
    if (report.errors.length < REPORT_KEEP) report.errors.push(entry);
    report.reportFile ??= `${request.file}.import-report.ndjson`;
    reportFd ??= openSync(report.reportFile, 'w');
    writeSync(reportFd, `${JSON.stringify(entry)}\n`);
  };

  const writeBatch = (batch: PreparedBatch) => {
    // The rows were validated on another connection: inside this transaction, the schemas must still be those.
    for (const [id, body] of Object.entries(batch.schemas)) {
      if (schemaBody.get(id) !== body) throw new AppError('CONFLICT', `Schema "${id}" changed while the import ran; the rows validated against its old version were not written.`, { pointer: '#/schema_id', value: id });
    }
    const change: ChangeContext = { origin: request.queueForSync === true ? 'local' : 'import', operationId, actor: opts.actor, at: new Date().toISOString(), profile };
    writer.batch(() => {
      for (const row of batch.rows) {
        if ('error' in row) {
          fail(row.line, row.error);
          continue;
        }
        try {
          writer.create(row.draft, change, { idGiven: row.idGiven });
          report.imported++;
        } catch (err) {
          fail(row.line, issueOf(err));
        }
      }
    });
    // In the batch's transaction: after a crash the operation says exactly how many rows were committed.
    operations.progress(operationId, counts());
  };

  // One commit (one fsync under synchronous=FULL) per 4,000 rows: about half a second of work, so progress and
  // cancel stay prompt, and fewer syncs made imports ~10% faster than batches of 1,000.
  const source = preparedSource(db, opts, opts.batchSize ?? 4000);
  if (!skip) db.exec('BEGIN IMMEDIATE');
  try {
    for await (const batch of source) {
      if (skip) db.transaction(writeBatch).immediate(batch);
      else writeBatch(batch);
      opts.onProgress?.(report.imported + report.skipped);
      // Let the thread's messages (a cancel) in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (opts.isCancelled?.()) {
        throw new AppError('CANCELLED', 'The import was cancelled.');
      }
    }
    if (!skip) db.exec('COMMIT');
    operations.finish(operationId, 'applied', counts());
    return report;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const cancelled = err instanceof AppError && err.code === 'CANCELLED';
    // All-or-nothing rolled back every row; skip mode keeps the committed batches.
    if (!skip) report.imported = 0;
    const state = report.imported > 0 ? 'partial' : cancelled ? 'cancelled' : 'failed';
    operations.finish(operationId, state, counts(), { reason: cancelled ? 'Cancelled.' : err instanceof AppError ? err.message : 'The import stopped on an internal error.' });
    if (cancelled && skip) return report;
    throw err;
  } finally {
    if (reportFd !== null) closeSync(reportFd);
  }
};
