import type { ImportRequest } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import type { CreateIdentityInput } from '../../../shared/domain/identity';
import type { DraftContext, ImportKept } from '../identities/identity-drafts';
import { importDraft } from '../identities/identity-drafts';
import type { SchemaValidators } from '../identities/schema-validators';
import { pinnedValidators } from '../identities/schema-validators';
import type { StoredIdentity } from '../identities/stored-identity';
import { readProfile } from '../identities/stored-identity';
import { schemaCoercer } from './csv-schema';
import type { ImportRecord } from './import-records';
import { importRecords } from './import-records';

/** One row of an import after reading, validation and derivation: what the writer stores, or why not. */
export type PreparedRow =
  | { line: number; draft: StoredIdentity; idGiven: boolean; input: CreateIdentityInput; kept: ImportKept }
  | { line: number; error: { pointer: string; message: string } };

/** A batch of prepared rows, with the schema bodies its rows were validated against. */
export interface PreparedBatch {
  rows: PreparedRow[];
  schemas: Record<string, string>;
}

export const issueOf = (err: unknown): { pointer: string; message: string } => {
  if (!(err instanceof AppError)) throw err;
  const d = err.details as { pointer?: string; issues?: { pointer: string; message: string }[] } | undefined;
  const first = d?.issues?.[0];
  return { pointer: first?.pointer ?? d?.pointer ?? '#', message: first ? `${err.message} ${first.pointer}: ${first.message}` : err.message };
};

/**
 * Reads, validates and derives an import's rows in batches (the CPU half of an import), each batch in a
 * read transaction of its own; the writer checks, inside each batch's write transaction, that the
 * schemas are still the ones the batch was validated against.
 */
export async function* prepareBatches(db: Db, validators: SchemaValidators, request: ImportRequest, batchSize: number): AsyncGenerator<PreparedBatch> {
  const profile = readProfile(db);
  const coerceFor = schemaCoercer((id) => JSON.parse(validators.body(id ?? validators.defaultSchemaId()) ?? '{}') as unknown);
  const iterator = importRecords(request, coerceFor)[Symbol.asyncIterator]();
  for (;;) {
    const records: ImportRecord[] = await collect(iterator, batchSize);
    if (records.length === 0) return;
    // One read transaction per batch: the schemas cannot change under it, so each is read once.
    const batch = db.transaction(() => {
      const pinned = pinnedValidators(validators);
      const ctx: DraftContext = { validators: pinned, profile, now: new Date().toISOString() };
      const schemas: Record<string, string> = {};
      const rows = records.map((r): PreparedRow => {
        if (r.input === null) return { line: r.line, error: r.error ?? { pointer: '#', message: 'unreadable record' } };
        try {
          const draft = importDraft(ctx, r.input, r.kept ?? {});
          schemas[draft.schema_id] ??= pinned.body(draft.schema_id) ?? '';
          return { line: r.line, draft, idGiven: r.input.id !== undefined, input: r.input, kept: r.kept ?? {} };
        } catch (err) {
          return { line: r.line, error: issueOf(err) };
        }
      });
      return { rows, schemas };
    })();
    yield batch;
  }
}

const collect = async <T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> => {
  const out: T[] = [];
  while (out.length < n) {
    const next = await iterator.next();
    if (next.done === true) break;
    out.push(next.value);
  }
  return out;
};
