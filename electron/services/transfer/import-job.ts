import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ImportReport, ImportRequest, ImportRowError } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import { IMPORT_CACHE_KIB, openStore } from '../../db/open-database';
import { createAuditWriter } from '../audit/audit-writer';
import { createDraft } from '../identities/identity-drafts';
import { createIdentityWriter } from '../identities/identity-writer';
import { createSchemaValidators, pinnedValidators } from '../identities/schema-validators';
import { auditDocument, readProfile } from '../identities/stored-identity';
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
  return { pointer: first?.pointer ?? d?.pointer ?? '#', message: first ? `${err.message} ${first.pointer}: ${first.message}` : err.message };
};

/**
 * The import itself, run inside a worker (or a crash-test child) with its own connection.
 * Skip mode commits every batch (a crash leaves whole batches); all-or-nothing mode is one
 * transaction that a first bad row or a cancel rolls back. Every imported row is audited like a create:
 * the identity as imported is the patch's `add`, so the log alone says what the import wrote.
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
  const writer = createIdentityWriter(db);
  const audit = createAuditWriter(db);
  const profile = readProfile(db);
  const operationId = randomUUID();
  const coerce = schemaCoercer((id) => JSON.parse(validators.body(id ?? validators.defaultSchemaId()) ?? '{}') as unknown)(request.schemaId);
  db.prepare("INSERT INTO operations (id, kind, actor, started_at, status) VALUES (?, 'import', ?, ?, 'running')").run(operationId, opts.actor, new Date().toISOString());

  const report: ImportReport = { operationId, imported: 0, skipped: 0, errors: [], reportFile: null };
  let reportFd: number | null = null;
  const fail = (line: number, issue: { pointer: string; message: string }) => {
    const entry: ImportRowError = { line, ...issue };
    if (!skip) throw new AppError('VALIDATION_FAILED', `Line ${line}: ${issue.message}`, { line, pointer: issue.pointer, issues: [{ pointer: issue.pointer, keyword: null, message: issue.message }] });
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
    for (const r of batch) {
      if (r.input === null) {
        fail(r.line, r.error ?? { pointer: '#', message: 'unreadable record' });
        continue;
      }
      try {
        const draft = createDraft(ctx, r.input);
        writer.insert(draft, profile, r.input.id !== undefined);
        audit.record({ operationId, actor: opts.actor, at: now, identityId: draft.id, action: 'import', before: null, after: auditDocument(draft) });
        report.imported++;
      } catch (err) {
        fail(r.line, issueOf(err));
      }
    }
  };

  const finishOperation = (status: string) =>
    db.prepare('UPDATE operations SET status = ?, finished_at = ?, summary = ? WHERE id = ?').run(status, new Date().toISOString(), JSON.stringify({ imported: report.imported, skipped: report.skipped }), operationId);

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
    finishOperation('succeeded');
    return report;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const cancelled = err instanceof AppError && err.code === 'CANCELLED';
    finishOperation(cancelled ? 'cancelled' : 'failed');
    if (cancelled && skip) return report;
    throw err;
  } finally {
    if (reportFd !== null) closeSync(reportFd);
  }
};
