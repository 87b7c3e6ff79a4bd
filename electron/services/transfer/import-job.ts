import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ImportErrorGroup, ImportReport, ImportRequest, ImportRowError } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import { IMPORT_CACHE_KIB, openStore } from '../../db/open-database';
import type { ChangeContext } from '../identities/change-writer';
import { createChangeWriter } from '../identities/change-writer';
import type { SchemaValidators } from '../identities/schema-validators';
import { createSchemaValidators } from '../identities/schema-validators';
import { overwriteDraft } from '../identities/identity-drafts';
import { readProfile } from '../identities/stored-identity';
import { createOperationsStore } from '../operations/operations-store';
import { createValidationEngine } from '../validation/index';
import type { StoredIdentity } from '../identities/stored-identity';
import type { PreparedBatch, PreparedRow } from './import-prepare';
import type { TraitsGate } from './import-prepare';
import { issueOf, prepareBatches } from './import-prepare';
import type { ImportRowIssue } from './import-records';
import { gateTraits } from '../identities/write-limits';
import { createSandboxedValidator } from '../validation/sandbox';

export interface ImportJobOptions {
  dataDir: string;
  request: ImportRequest;
  actor: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
  isCancelled?: () => boolean;
  /** The sandbox's time limit for rows too big to validate inline (default VALIDATION_LIMITS.sandboxTimeoutMs). */
  sandboxTimeoutMs?: number;
}

const REPORT_KEEP = 1000;
const GROUP_LINES = 20;
const GROUPS_KEEP = 200;

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
const preparedSource = (db: Db, validators: SchemaValidators, opts: ImportJobOptions, batchSize: number, gate: TraitsGate): AsyncIterable<PreparedBatch> =>
  prepareBatches(db, validators, opts.request, batchSize, gate);

const importInto = async (db: Db, opts: ImportJobOptions): Promise<ImportReport> => {
  const { request } = opts;
  // A dry run is all-or-nothing's transaction rolled back at the end, collecting every error as skip mode does.
  const dryRun = request.dryRun === true;
  const skip = request.skipInvalid === true || dryRun;
  const onExisting = request.onExisting ?? 'fail';
  const writer = createChangeWriter(db);
  const engine = createValidationEngine();
  const validators = createSchemaValidators(db, (s) => engine.compile(s));
  const operations = createOperationsStore(db);
  const profile = readProfile(db);
  const schemaBody = db.prepare('SELECT body FROM schemas WHERE id = ?').pluck();
  if (dryRun) db.exec('BEGIN IMMEDIATE');
  // A dry run's operation row is in its transaction too, so it leaves nothing behind.
  const operationId = operations.start({
    id: randomUUID(),
    kind: 'import',
    actor: opts.actor,
    target: { format: request.format ?? null, schemaId: request.schemaId ?? null, onExisting },
    policy: skip ? 'skip' : 'all',
  });
  const counts = () => ({ imported: report.imported, skipped: report.skipped, ...(report.existing > 0 ? { existing: report.existing } : {}), ...(report.overwritten > 0 ? { overwritten: report.overwritten } : {}) });

  const report: ImportReport = { operationId: dryRun ? null : operationId, dryRun, imported: 0, overwritten: 0, existing: 0, skipped: 0, errors: [], groups: [], reportFile: null };
  const groups = new Map<string, ImportErrorGroup>();
  let reportFd: number | null = null;
  const fail = (line: number, issue: ImportRowIssue) => {
    const entry: ImportRowError = { line, ...issue };
    if (!skip) throw new AppError(issue.code ?? 'VALIDATION_FAILED', `Line ${line}: ${issue.message}`, { line, pointer: issue.pointer, ...(issue.column === undefined ? {} : { column: issue.column }), issues: [{ pointer: issue.pointer, keyword: null, message: issue.message }] });
    report.skipped++;
    if (report.errors.length < REPORT_KEEP) report.errors.push(entry);
    // Row-specific numbers (line, column) would split a group: the message is grouped without them.
    const key = `${issue.pointer}\u0000${groupMessage(issue.message)}`;
    let group = groups.get(key);
    if (group === undefined && groups.size < GROUPS_KEEP) {
      group = { pointer: issue.pointer, message: groupMessage(issue.message), count: 0, lines: [] };
      groups.set(key, group);
    }
    if (group !== undefined) {
      group.count++;
      if (group.lines.length < GROUP_LINES) group.lines.push(line);
    }
    if (dryRun) return;
    report.reportFile ??= `${request.file}.import-report.ndjson`;
    reportFd ??= openSync(report.reportFile, 'w');
    writeSync(reportFd, `${JSON.stringify(entry)}\n`);
  };

  /** The existing-identity policy; true when the row was dealt with here. */
  const existingHandled = (row: Extract<PreparedRow, { draft: StoredIdentity }>, change: ChangeContext): boolean => {
    if (!row.idGiven || onExisting === 'fail') return false;
    const before = writer.findById(row.draft.id);
    if (before === null) return false;
    if (onExisting === 'skip') {
      report.existing++;
      return true;
    }
    const after = overwriteDraft({ validators, profile, now: change.at }, before, row.draft, row.input, row.kept);
    if (writer.update(before, after, change).changeId === null) {
      report.existing++;
      return true;
    }
    report.imported++;
    report.overwritten++;
    return true;
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
          if (existingHandled(row, change)) continue;
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
  // Rows too big to validate inline are validated first in a sandbox worker under the time limit, as the API's writes are.
  const sandbox = createSandboxedValidator(opts.sandboxTimeoutMs === undefined ? {} : { timeoutMs: opts.sandboxTimeoutMs });
  const source = preparedSource(db, validators, opts, opts.batchSize ?? 4000, (text, traits, rowProfile) => gateTraits(sandbox, text, traits, rowProfile));
  if (!skip) db.exec('BEGIN IMMEDIATE');
  try {
    for await (const batch of source) {
      if (dryRun) db.transaction(writeBatch)(batch); // a savepoint inside the dry run's transaction
      else if (skip) db.transaction(writeBatch).immediate(batch);
      else writeBatch(batch);
      opts.onProgress?.(report.imported + report.skipped);
      // Let the thread's messages (a cancel) in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (opts.isCancelled?.()) {
        throw new AppError('CANCELLED', 'The import was cancelled.');
      }
    }
    if (dryRun) {
      db.exec('ROLLBACK');
      report.groups = [...groups.values()];
      return report;
    }
    if (!skip) db.exec('COMMIT');
    operations.finish(operationId, 'applied', counts());
    report.groups = [...groups.values()];
    return report;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (dryRun) throw err;
    const cancelled = err instanceof AppError && err.code === 'CANCELLED';
    // All-or-nothing rolled back every row; skip mode keeps the committed batches.
    if (!skip) {
      report.imported = 0;
      report.overwritten = 0;
      report.existing = 0;
    }
    const state = report.imported > 0 ? 'partial' : cancelled ? 'cancelled' : 'failed';
    operations.finish(operationId, state, counts(), { reason: cancelled ? 'Cancelled.' : err instanceof AppError ? err.message : 'The import stopped on an internal error.' });
    report.groups = [...groups.values()];
    if (cancelled && skip) return report;
    throw err;
  } finally {
    if (reportFd !== null) closeSync(reportFd);
    await sandbox.close();
  }
};

/** An error message without what differs from row to row: its line and column, the value (the first quoted text) and identity ids. */
const groupMessage = (message: string): string =>
  message
    .replace(/ at line \d+, column \d+/g, '')
    .replace(/ \(line \d+, column \d+\)/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '…')
    .replace(/"[^"]*"/, '"…"');
