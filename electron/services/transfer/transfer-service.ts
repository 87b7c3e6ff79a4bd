import { formatPointer } from '../../../shared/json';
import { closeSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import type { JobId, JobReports } from '../../../shared/domain/jobs';
import type { ExportRequest, ImportFileInfo, ImportRequest, TransferFormat } from '../../../shared/domain/transfer';
import { IDENTITY_COLUMNS, suggestTarget } from './csv-mapping';
import { formatOf } from './import-records';
import { readCsvRecords } from './record-readers';
import { AppError } from '../../../shared/errors';
import { forbiddenSegmentMessage, forbiddenSegmentOf } from '../../../shared/safe-keys';
import { MAX_IMPORT_FILE_BYTES, openRegularFile } from '../files/regular-file';
import type { EventBus } from '../events/event-bus';
import type { SchemaValidators } from '../identities/schema-validators';
import type { JobsService } from '../jobs/jobs-service';
import { runWorker } from '../jobs/run-worker';
import { csvLine, traitColumns } from './csv-schema';
import type { TransferWorkerData } from './transfer-worker';

export interface TransferService {
  importFile(request: ImportRequest): JobId;
  exportFile(request: ExportRequest): JobId;
  csvTemplate(schemaId: string): string;
  inspectFile(request: { file: string; format?: TransferFormat; schemaId?: string }): Promise<ImportFileInfo>;
}

export interface TransferServiceDeps {
  dataDir: string;
  jobs: JobsService;
  events: EventBus;
  actor: () => string;
  /** Compiled schemas and their stored bodies (the CSV template reads a body). */
  validators: SchemaValidators;
  /** Why the store is read-only, or null: an import is refused before its worker starts. */
  readOnlyReason?: () => string | null;
  /** The host's sandbox time limit (tests lower it); an import's rows get the same. */
  sandboxTimeoutMs?: number;
}


/** Paths must be absolute, and an input a regular file within the limit (no path in the message). */
const checkPath = (file: string, mustExist: boolean): void => {
  if (!isAbsolute(file)) throw new AppError('VALIDATION_FAILED', 'The file path must be absolute.');
  if (mustExist) closeSync(openRegularFile(file, 'The file to import', MAX_IMPORT_FILE_BYTES).fd);
};

/** A mapping is outside text: every target is checked against the shared segment rule before any row is read. */
const checkMapping = (mapping: Record<string, string> | undefined): void => {
  for (const [column, target] of Object.entries(mapping ?? {})) {
    const segment = forbiddenSegmentOf(target.split('.'));
    if (segment === undefined) continue;
    const message = forbiddenSegmentMessage(segment);
    throw new AppError('VALIDATION_FAILED', `The mapping of column "${column.slice(0, 100)}" is refused: ${message}.`, {
      issues: [{ pointer: formatPointer(['mapping', column]), keyword: null, source: 'request', message }],
    });
  }
};

/**
 * A job's report is shown to the renderer (jobs.get, jobs.finished), which never sees a server path: files are
 * named by their file names. The CLI, which typed the paths, puts them back together.
 */
const withFileNames = <K extends TransferWorkerData['kind']>(kind: K, report: JobReports[K]): JobReports[K] => {
  if (kind === 'import') {
    const r = report as JobReports['import'];
    return { ...r, reportFile: r.reportFile === null ? null : basename(r.reportFile) } as JobReports[K];
  }
  const r = report as JobReports['export'];
  return { ...r, file: basename(r.file) } as JobReports[K];
};

export const createTransferService = (deps: TransferServiceDeps): TransferService => {
  const start = <K extends TransferWorkerData['kind']>(kind: K, request: ImportRequest | ExportRequest): JobId =>
    deps.jobs.start(kind, async (ctx) => {
      const data: TransferWorkerData = { kind, dataDir: deps.dataDir, actor: deps.actor(), request, ...(deps.sandboxTimeoutMs === undefined ? {} : { sandboxTimeoutMs: deps.sandboxTimeoutMs }) };
      try {
        const report = await runWorker<JobReports[K]>(import.meta.url, 'transfer-worker', data, { signal: ctx.signal, onProgress: (done, total, message) => ctx.progress(done, total, message) });
        return withFileNames(kind, report);
      } finally {
        if (kind === 'import') deps.events.emit('identities.changed', { ids: 'all' });
      }
    });
  return {
    importFile: (request) => {
      checkPath(request.file, true);
      checkMapping(request.mapping);
      const readOnly = deps.readOnlyReason?.() ?? null;
      if (readOnly !== null) throw new AppError('READ_ONLY', readOnly);
      return start('import', request);
    },
    exportFile: (request) => {
      checkPath(request.file, false);
      return start('export', request);
    },
    csvTemplate: (schemaId) => {
      const body = deps.validators.body(schemaId);
      if (body === undefined) throw new AppError('NOT_FOUND', `No schema with id ${schemaId.slice(0, 200)}.`);
      return csvLine(['id', 'state', 'external_id', ...traitColumns(JSON.parse(body) as unknown).map((c) => c.path), 'metadata_public', 'metadata_admin', 'password_hash']);
    },
    inspectFile: async ({ file, format: given, schemaId }) => {
      checkPath(file, true);
      const name = basename(file);
      const format = formatOf({ file, ...(given ? { format: given } : {}) });
      const id = schemaId ?? deps.validators.defaultSchemaId();
      const body = deps.validators.body(id);
      if (body === undefined) throw new AppError('NOT_FOUND', `No schema with id ${id.slice(0, 200)}.`);
      const traitPaths = traitColumns(JSON.parse(body) as unknown).map((c) => c.path);
      let columns: ImportFileInfo['columns'] = null;
      if (format === 'csv') {
        for await (const { value } of readCsvRecords(file)) {
          columns = value.map((h) => h.trim()).map((h) => ({ name: h, suggested: suggestTarget(h, traitPaths) }));
          break;
        }
        if (columns === null) throw new AppError('VALIDATION_FAILED', 'The file is empty: there is nothing to import.');
      }
      return { name, format, columns, traitPaths, identityColumns: [...IDENTITY_COLUMNS] };
    },
  };
};
