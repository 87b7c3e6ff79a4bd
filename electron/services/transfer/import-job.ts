import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ImportReport, ImportRequest, ImportRowError } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import { IMPORT_CACHE_KIB, openStore } from '../../db/open-database';
import type { ChangeContext } from '../identities/change-writer';
import { createChangeWriter } from '../identities/change-writer';
import { createDraft } from '../identities/identity-drafts';
import { createSchemaValidators, pinnedValidators } from '../identities/schema-validators';
import { readProfile } from '../identities/stored-identity';
import { createOperationsStore } from '../operations/operations-store';
import { createValidationEngine } from '../validation/index';
import { schemaCoercer } from './csv-schema';
import type { ImportRecord } from './import-records';
import { importRecords } from './import-records';

export interface ImportJobOptions {
  dataDir: string;
  request: ImportRequest;
  actor: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
  isCancelled?: () => boolean;
}

const REPORT_KEEP = 100;

const issueOf = (err: unknown): { pointer: string; message: string } => {
  if (!(err instanceof AppError)) throw err;
  const d = err.details as { pointer?: string; issues?: { pointer: string; message: string }[] } | undefined;
  const first = d?.issues?.[0];
  return {
    pointer: first?.pointer ?? d?.pointer ?? '#',
    message: first ? `${err.message} ${first.pointer}: ${first.message}` : err.message,
  };
};

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

const importInto = async (db: Db, opts: ImportJobOptions): Promise<ImportReport> => {
  const { request } = opts;
  const skip = request.skipInvalid === true;
  const engine = createValidationEngine();
  const validators = createSchemaValidators(db, (s) => engine.compile(s));
  const writer = createChangeWriter(db);
  const operations = createOperationsStore(db);
  const profile = readProfile(db);
  const coerce = schemaCoercer((id) => JSON.parse(validators.body(id ?? validators.defaultSchemaId()) ?? '{}') as unknown)(
    request.schemaId,
  );
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
  const fail = (line: number, issue: { pointer: string; message: string }) => {
    const entry: ImportRowError = { line, ...issue };
    if (!skip)
      throw new AppError('VALIDATION_FAILED', `Line ${line}: ${issue.message}`, {
        line,
        pointer: issue.pointer,
        issues: [{ pointer: issue.pointer, keyword: null, message: issue.message }],
      });
    report.skipped++;
    if (report.errors.length < REPORT_KEEP) report.errors.push(entry);
    report.reportFile ??= `${request.file}.import-report.ndjson`;
    reportFd ??= openSync(report.reportFile, 'w');
    writeSync(reportFd, `${JSON.stringify(entry)}\n`);
  };

  const writeBatch = (batch: ImportRecord[]) => {
    const now = new Date().toISOString();
    // Inside this batch's transaction no other connection can change a schema, so each is read once per batch.
    const ctx = { validators: pinnedValidators(validators), profile, now };
    const change: ChangeContext = {
      origin: request.queueForSync === true ? 'local' : 'import',
      operationId,
      actor: opts.actor,
      at: now,
      profile,
    };
    writer.batch(() => {
      for (const r of batch) {
        if (r.input === null) {
          fail(r.line, r.error ?? { pointer: '#', message: 'unreadable record' });
          continue;
        }
        try {
          writer.create(createDraft(ctx, r.input), change, { idGiven: r.input.id !== undefined });
          report.imported++;
        } catch (err) {
          fail(r.line, issueOf(err));
        }
      }
    });
    // In the batch's transaction: after a crash the operation says exactly how many rows were committed.
    operations.progress(operationId, counts());
  };

  // One commit (one fsync under synchronous=FULL) per 4,000 rows: about half a second of work, so progress and
  // cancel stay prompt, and fewer syncs made imports ~10% faster than batches of 1,000.
  const batchSize = opts.batchSize ?? 4000;
  if (!skip) db.exec('BEGIN IMMEDIATE');
  try {
    let batch: ImportRecord[] = [];
    const flush = () => {
      if (skip) db.transaction(writeBatch).immediate(batch);
      else writeBatch(batch);
      batch = [];
      opts.onProgress?.(report.imported + report.skipped);
    };
    for await (const record of importRecords(request, coerce)) {
      batch.push(record);
      if (batch.length < batchSize) continue;
      flush();
      if (opts.isCancelled?.()) throw new AppError('CANCELLED', 'The import was cancelled.');
    }
    if (batch.length > 0) flush();
    if (!skip) db.exec('COMMIT');
    operations.finish(operationId, 'applied', counts());
    return report;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const cancelled = err instanceof AppError && err.code === 'CANCELLED';
    // All-or-nothing rolled back every row; skip mode keeps the committed batches.
    if (!skip) report.imported = 0;
    const state = cancelled ? (report.imported > 0 ? 'partial' : 'cancelled') : report.imported > 0 ? 'partial' : 'failed';
    operations.finish(operationId, state, counts(), {
      reason: cancelled ? 'Cancelled.' : err instanceof AppError ? err.message : 'The import stopped on an internal error.',
    });
    if (cancelled && skip) return report;
    throw err;
  } finally {
    if (reportFd !== null) closeSync(reportFd);
  }
};
