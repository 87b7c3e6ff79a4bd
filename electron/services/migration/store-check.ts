import type { StoreCheckGroup, StoreCheckReport, StoreCheckRequest } from '../../../shared/domain/migration';
import { AppError } from '../../../shared/errors';
import { JOB_CACHE_KIB, openStore } from '../../db/open-database';
import { readProfile } from '../identities/index';
import { createSchemaValidators, pinnedValidators } from '../identities/schema-validators';
import { createValidationEngine } from '../validation/index';

export interface StoreCheckOptions {
  dataDir: string;
  request: StoreCheckRequest;
  onProgress(done: number, total: number | null): void;
  isCancelled(): boolean;
}

const MAX_GROUPS = 200;
const EXAMPLES_PER_GROUP = 5;
const PROGRESS_EVERY = 1_000;

/**
 * Streams the store (one row in memory at a time) through the engine, on its own connection, and
 * groups failures by pointer and message. Runs inside a worker thread (migration-worker.ts).
 */
export const runStoreCheck = (opts: StoreCheckOptions): StoreCheckReport => {
  const started = performance.now();
  const store = openStore(opts.dataDir, { cacheKib: JOB_CACHE_KIB });
  try {
    const { db } = store;
    const { schemaId, targetSchema } = opts.request;
    const profile = opts.request.profile ?? readProfile(db);
    const engine = createValidationEngine({ profile });
    const target = targetSchema === undefined ? undefined : engine.compile(targetSchema);
    // One read from start to end: schemas cannot change under the scan, so each is read and compiled once.
    const validators = pinnedValidators(createSchemaValidators(db, (schema) => engine.compile(schema)));
    const total = (
      schemaId === undefined
        ? db.prepare("SELECT value FROM counters WHERE name = 'identities'").pluck().get()
        : db.prepare('SELECT count(*) FROM identities WHERE schema_id = ?').pluck().get(schemaId)
    ) as number | undefined;
    const rows = (
      schemaId === undefined
        ? db.prepare('SELECT seq, schema_id, traits FROM identities')
        : db.prepare('SELECT seq, schema_id, traits FROM identities WHERE schema_id = ?')
    ).raw();
    if (opts.isCancelled()) throw new AppError('CANCELLED', 'The check was cancelled.');
    const iterator = (schemaId === undefined ? rows.iterate() : rows.iterate(schemaId)) as IterableIterator<[number, string, string]>;
    const groups = new Map<string, StoreCheckGroup>();
    const exampleSeqs = new Map<StoreCheckGroup, number[]>();
    let checked = 0;
    let invalid = 0;
    let truncated = false;
    // Rows carry their seq, not their id: only the few examples need an id, looked up at the end.
    for (const [seq, ownSchema, traits] of iterator) {
      const result = (target ?? validators.forSchema(ownSchema)).validate({ traits: JSON.parse(traits) as unknown }, profile);
      checked++;
      if (!result.valid) {
        invalid++;
        for (const issue of result.errors) {
          const key = `${issue.pointer}\u0000${issue.message}`;
          let group = groups.get(key);
          if (group === undefined) {
            if (groups.size >= MAX_GROUPS) {
              truncated = true;
              continue;
            }
            group = { pointer: issue.pointer, message: issue.message, count: 0, examples: [] };
            exampleSeqs.set(group, []);
            groups.set(key, group);
          }
          group.count++;
          const seqs = exampleSeqs.get(group);
          if (seqs !== undefined && seqs.length < EXAMPLES_PER_GROUP) seqs.push(seq);
        }
      }
      if (checked % PROGRESS_EVERY === 0) {
        if (opts.isCancelled()) throw new AppError('CANCELLED', 'The check was cancelled.');
        opts.onProgress(checked, total ?? null);
      }
    }
    opts.onProgress(checked, total ?? checked);
    const idOf = db.prepare('SELECT id FROM identities WHERE seq = ?').pluck();
    for (const [group, seqs] of exampleSeqs) group.examples = seqs.map((s) => idOf.get(s) as string | undefined).filter((id): id is string => id !== undefined);
    const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
    return { checked, invalid, groups: sorted, truncated, durationMs: Math.round(performance.now() - started) };
  } finally {
    store.db.close();
  }
};
