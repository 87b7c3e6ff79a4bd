import type { ImportRequest } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import { fitsInline } from '../../../shared/json-limits';
import type { Db } from '../../db/open-database';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { CreateIdentityInput } from '../../../shared/domain/identity';
import type { DraftContext, ImportKept } from '../identities/identity-drafts';
import { importDraft } from '../identities/identity-drafts';
import type { SchemaValidators } from '../identities/schema-validators';
import { pinnedValidators } from '../identities/schema-validators';
import type { StoredIdentity } from '../identities/stored-identity';
import { readProfile } from '../identities/stored-identity';
import { schemaCoercer } from './csv-schema';
import type { ImportRecord, ImportRowIssue } from './import-records';
import { importRecords } from './import-records';

/** One row of an import after reading, validation and derivation: what the writer stores, or why not. */
export type PreparedRow =
  | { line: number; draft: StoredIdentity; idGiven: boolean; input: CreateIdentityInput; kept: ImportKept }
  | { line: number; error: ImportRowIssue };

/** A batch of prepared rows, with the schema bodies its rows were validated against. */
export interface PreparedBatch {
  rows: PreparedRow[];
  schemas: Record<string, string>;
}

export const issueOf = (err: unknown): ImportRowIssue => {
  if (!(err instanceof AppError)) throw err;
  const d = err.details as { pointer?: string; issues?: { pointer: string; message: string }[] } | undefined;
  const first = d?.issues?.[0];
  return {
    pointer: first?.pointer ?? d?.pointer ?? '#',
    message: first ? `${err.message} ${first.pointer}: ${first.message}` : err.message,
    ...(err.code === 'LIMIT_EXCEEDED' ? { code: err.code } : {}),
  };
};

/**
 * Gates a row's traits before the inline validation (see gateTraits): LIMIT_EXCEEDED when its validation would
 * take longer than the sandbox's time limit. The import's thread is not the host's, but an import must not spend
 * seconds on one row and then store it when `validate` and the API refuse it.
 */
export type TraitsGate = (schemaText: string | undefined, traits: unknown, profile: ValidationProfile) => Promise<void>;

/** The records, with each one the gate refused replaced by its LIMIT_EXCEEDED error. */
const gated = async (records: ImportRecord[], gate: TraitsGate, validators: SchemaValidators, profile: ValidationProfile): Promise<ImportRecord[]> => {
  const out: ImportRecord[] = [];
  for (const r of records) {
    // Most rows fit inline: they skip the gate without a look-up of their schema.
    if (r.input === null || fitsInline(r.input.traits ?? {})) {
      out.push(r);
      continue;
    }
    try {
      await gate(validators.body(r.input.schema_id || validators.defaultSchemaId()), r.input.traits ?? {}, profile);
      out.push(r);
    } catch (err) {
      // Only a limit refuses here; any other verdict is the store's own validation's to give, inside the batch.
      if (!(err instanceof AppError)) throw err;
      if (err.code !== 'LIMIT_EXCEEDED') out.push(r);
      else out.push({ line: r.line, input: null, error: { ...issueOf(err), pointer: (err.details as { pointer?: string } | undefined)?.pointer ?? '#/traits' } });
    }
  }
  return out;
};

/**
 * Reads, validates and derives an import's rows in batches (the CPU half of an import), each batch in a
 * read transaction of its own; the writer checks, inside each batch's write transaction, that the
 * schemas are still the ones the batch was validated against.
 */
export async function* prepareBatches(db: Db, validators: SchemaValidators, request: ImportRequest, batchSize: number, gate?: TraitsGate): AsyncGenerator<PreparedBatch> {
  const profile = readProfile(db);
  const coerceFor = schemaCoercer((id) => JSON.parse(validators.body(id ?? validators.defaultSchemaId()) ?? '{}') as unknown);
  const iterator = importRecords(request, coerceFor)[Symbol.asyncIterator]();
  for (;;) {
    const collected: ImportRecord[] = await collect(iterator, batchSize);
    if (collected.length === 0) return;
    const records = gate === undefined ? collected : await gated(collected, gate, validators, profile);
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
