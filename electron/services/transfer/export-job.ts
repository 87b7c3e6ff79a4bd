import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import type { ExportReport, ExportRequest } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import { isRecord } from '../../../shared/json';
import type { Db } from '../../db/open-database';
import { JOB_CACHE_KIB, openStore } from '../../db/open-database';
import type { StoredIdentity } from '../identities/stored-identity';
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
/** The identity fields of a CSV export, before the trait columns; the import reads each back into its field. */
export const CSV_FIELD_COLUMNS = ['id', 'schema_id', 'state', 'state_changed_at', 'external_id', 'organization_id', 'created_at', 'updated_at'] as const;
const CSV_JSON_COLUMNS = ['metadata_public', 'metadata_admin', 'verifiable_addresses', 'recovery_addresses', 'credentials'] as const;

/**
 * The Kratos admin JSON of a stored identity (no local bookkeeping). Credentials carry their `config` (password
 * hashes) only when the export asks for them, like Kratos's `include_credential`.
 */
const kratosJson = (s: StoredIdentity, includeCredentials: boolean): Record<string, unknown> => {
  const { revision: _r, dirty: _d, ...rest } = toIdentity(s);
  return includeCredentials ? { ...rest, credentials: s.credentials } : rest;
};

const pick = (traits: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((n, k) => (typeof n === 'object' && n !== null && Object.hasOwn(n, k) ? (n as Record<string, unknown>)[k] : undefined), traits);

/** Trait columns of every schema the export can contain (the filtered one, else every schema with identities), in order, once. */
const csvTraitPaths = (db: Db, schemaId: string | undefined): string[] => {
  const ids =
    schemaId !== undefined
      ? [schemaId]
      : (db.prepare("SELECT substr(name, 8) FROM counters WHERE name LIKE 'schema:%' AND value > 0 ORDER BY name").pluck().all() as string[]);
  const body = db.prepare('SELECT body FROM schemas WHERE id = ?').pluck();
  const paths = new Set<string>();
  for (const id of ids) {
    const text = body.get(id) as string | undefined;
    if (text !== undefined) for (const c of traitColumns(JSON.parse(text) as unknown)) paths.add(c.path);
  }
  return [...paths];
};

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
    const withCredentials = request.includeCredentials === true;
    const search = createSearchService({ db: store.db });
    const { file: _file, format: _format, includeCredentials: _ic, ...query } = request;
    const traitPaths = request.format === 'csv' ? csvTraitPaths(store.db, request.schemaId) : [];
    if (request.format === 'csv') write(csvLine([...CSV_FIELD_COLUMNS, ...traitPaths, ...CSV_JSON_COLUMNS]));
    if (request.format === 'json') write('[');
    let count = 0;
    for (const row of search.iterateRows(query)) {
      const stored = fromRow(row);
      const identity = kratosJson(stored, withCredentials);
      if (request.format === 'csv') {
        const fields = CSV_FIELD_COLUMNS.map((c) => stored[c]);
        const json = CSV_JSON_COLUMNS.map((c) => {
          const v = identity[c];
          return (Array.isArray(v) && v.length === 0) || (c === 'credentials' && isRecord(v) && Object.keys(v).length === 0) ? undefined : v;
        });
        write(csvLine([...fields, ...traitPaths.map((p) => pick(stored.traits, p)), ...json]));
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
