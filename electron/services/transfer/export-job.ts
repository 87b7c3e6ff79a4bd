import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import type { Identity } from '../../../shared/domain/identity';
import type { ExportReport, ExportRequest } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import { JOB_CACHE_KIB, openStore } from '../../db/open-database';
import { fromRow, toIdentity } from '../identities/stored-identity';
import { createSearchService } from '../search/search-service';
import { csvLine, traitColumns } from './csv-schema';

export interface ExportJobOptions {
  dataDir: string;
  request: ExportRequest;
  onProgress?: (done: number) => void;
  isCancelled?: () => boolean;
}

const FLUSH_BYTES = 1 << 20;
const FIXED_COLUMNS = ['id', 'schema_id', 'state', 'external_id', 'created_at', 'updated_at'] as const;

/** The Kratos admin JSON (no local bookkeeping, never a credential config). */
const kratosJson = (i: Identity): Omit<Identity, 'revision' | 'dirty'> => {
  const { revision: _r, dirty: _d, ...rest } = i;
  return rest;
};

const pick = (traits: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((n, k) => (typeof n === 'object' && n !== null ? (n as Record<string, unknown>)[k] : undefined), traits);

/** Streams a query's identities to a file: written to `<file>.partial` and renamed when complete. */
export const runExport = async (opts: ExportJobOptions): Promise<ExportReport> => {
  const store = openStore(opts.dataDir, { cacheKib: JOB_CACHE_KIB });
  const partial = `${opts.request.file}.partial`;
  const fd = openSync(partial, 'w');
  let buffer = '';
  const write = (text: string) => {
    buffer += text;
    if (buffer.length >= FLUSH_BYTES) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  try {
    const { request } = opts;
    const search = createSearchService({ db: store.db });
    const query = { ...(request.text ? { text: request.text } : {}), ...(request.schemaId ? { schemaId: request.schemaId } : {}), ...(request.state ? { state: request.state } : {}) };
    const schemaId = request.schemaId ?? (store.db.prepare("SELECT value FROM settings WHERE key = 'default_schema_id'").pluck().get() as string | undefined);
    const body = schemaId === undefined ? undefined : (store.db.prepare('SELECT body FROM schemas WHERE id = ?').pluck().get(schemaId) as string | undefined);
    const traitPaths = body === undefined ? [] : traitColumns(JSON.parse(body) as unknown).map((c) => c.path);
    if (request.format === 'csv') write(csvLine([...FIXED_COLUMNS, ...traitPaths, 'metadata_public', 'metadata_admin']));
    if (request.format === 'json') write('[');
    let count = 0;
    for (const row of search.iterateRows(query)) {
      const identity = kratosJson(toIdentity(fromRow(row)));
      if (request.format === 'csv') {
        write(csvLine([...FIXED_COLUMNS.map((c) => identity[c]), ...traitPaths.map((p) => pick(identity.traits, p)), identity.metadata_public, identity.metadata_admin]));
      } else if (request.format === 'ndjson') write(`${JSON.stringify(identity)}\n`);
      else write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(identity)}`);
      count++;
      if (count % 1000 === 0) {
        opts.onProgress?.(count);
        await new Promise((r) => setImmediate(r)); // lets a cancel message in
        if (opts.isCancelled?.()) throw new AppError('CANCELLED', 'The export was cancelled.');
      }
    }
    if (request.format === 'json') write('\n]\n');
    writeSync(fd, buffer);
    closeSync(fd);
    renameSync(partial, request.file);
    return { exported: count, file: request.file };
  } catch (err) {
    closeSync(fd);
    throw err;
  } finally {
    store.db.close();
  }
};
