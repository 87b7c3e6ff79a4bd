import { randomUUID } from 'node:crypto';
import { visit } from 'jsonc-parser';
import type { ValidationProfile } from '../../../shared/domain/app';
import type { PullReport } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { fitsInline } from '../../../shared/json-limits';
import type { Db } from '../../db/open-database';
import type { ChangeContext } from '../identities/change-writer';
import { createChangeWriter } from '../identities/change-writer';
import type { SchemaValidators } from '../identities/schema-validators';
import { readProfile } from '../identities/stored-identity';
import { createOperationsStore } from '../operations/operations-store';
import type { AdminClient } from './admin-client';
import { herodotReason } from './admin-client';
import type { Remote } from './remotes';
import type { Outcome } from './sync-apply';
import { createSyncApplier, readRemote } from './sync-apply';
import { createSyncStore } from './sync-store';

/** What a pull and a push both run with (sync-worker.ts builds it once). */
export interface SyncRunOptions {
  db: Db;
  client: AdminClient;
  remote: Remote;
  actor: string;
  validators: () => SchemaValidators;
  isCancelled: () => boolean;
}

export interface PullOptions extends SyncRunOptions {
  onProgress: (seen: number, message: string) => void;
  /**
   * Traits too big to validate inline pass this first (the import's and the API's gate, write-limits.ts):
   * it rejects with LIMIT_EXCEEDED over a bound or the sandbox's time limit, and that identity is skipped.
   */
  gate?: (schemaText: string | undefined, traits: unknown, profile: ValidationProfile) => Promise<void>;
}

/** The texts of the objects of a JSON array, exactly as sent (so hashes and timestamps are the server's). */
export const arrayElements = (text: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let bad = false;
  visit(text, {
    onArrayBegin: () => void depth++,
    onArrayEnd: () => void depth--,
    onObjectBegin: (offset) => {
      if (depth === 1) start = offset;
      return false;
    },
    onObjectEnd: (offset, length) => {
      if (depth === 1) out.push(text.slice(start, offset + length));
    },
    onError: () => {
      bad = true;
    },
  });
  if (bad || !text.trimStart().startsWith('[')) throw new AppError('REMOTE_REJECTED', 'The remote answered a list request with something that is not a JSON array.');
  return out;
};

/**
 * A pull (issue 12 point 3): a keyset scan of `GET /admin/identities` that follows `Link: rel="next"`
 * only, 500 per page, each page one transaction. After a complete scan, every identity with a base that
 * the scan did not see is fetched by id, and only a 404 is believed as a remote deletion.
 */
export const runPull = async (opts: PullOptions): Promise<Omit<PullReport, 'schemas'>> => {
  const started = Date.now();
  const { db, client, remote } = opts;
  const writer = createChangeWriter(db);
  const store = createSyncStore(db);
  const applier = createSyncApplier({ writer, store, validators: opts.validators });
  const operations = createOperationsStore(db);
  const operationId = operations.start({ id: randomUUID(), kind: 'sync', actor: opts.actor, target: { remote: remote.name, direction: 'pull' } });
  const report: Omit<PullReport, 'schemas'> = {
    remote: remote.name,
    pages: 0,
    seen: 0,
    created: 0,
    updated: 0,
    merged: 0,
    unchanged: 0,
    deleted: 0,
    conflicts: 0,
    skipped: [],
    durationMs: 0,
  };
  const counts = () => ({ pulled: report.created + report.updated + report.merged + report.deleted, seen: report.seen, conflicts: report.conflicts });
  const ctx = (): ChangeContext => ({ origin: 'pull', operationId, actor: opts.actor, at: new Date().toISOString(), profile: readProfile(db) });
  const tally = (o: Outcome) => void report[o === 'conflict' ? 'conflicts' : o]++;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS pull_seen (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.pull_seen;');
  const markSeen = db.prepare('INSERT OR IGNORE INTO temp.pull_seen (id) VALUES (?)');
  const unseen = db.prepare('SELECT identity_id FROM sync_base WHERE remote = ? AND identity_id NOT IN (SELECT id FROM temp.pull_seen) ORDER BY identity_id').pluck();
  const belongsElsewhere = db.prepare('SELECT remote FROM sync_base WHERE identity_id = ? AND remote <> ?').pluck();
  store.ensureState(remote.name);

  /** One remote identity, in its own savepoint: a clash with a local identity skips it, not the page. */
  /** `guarded`: each identity in its own savepoint, so one that cannot be stored is skipped alone. */
  const accept = (text: string, c: ChangeContext, guarded = true, read = readRemote(text)) => {
    if ('problem' in read) {
      report.skipped.push({ identityId: read.id ?? '', reason: read.problem });
      if (read.id !== null) markSeen.run(read.id);
      return;
    }
    const id = String(read.version.doc['id']);
    markSeen.run(id);
    report.seen++;
    const other = belongsElsewhere.get(id, remote.name) as string | undefined;
    if (other !== undefined) {
      report.skipped.push({ identityId: id, reason: `This identity belongs to remote "${other}"; it was left as it is.` });
      return;
    }
    if (!guarded) return tally(applier.acceptRemote(remote.name, read.version, c));
    try {
      tally(db.transaction(() => applier.acceptRemote(remote.name, read.version, c))());
    } catch (err) {
      const foreignKey = (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
      const reason = err instanceof AppError ? err.message : foreignKey ? `Its schema "${String(read.version.doc['schema_id'])}" is not in this store (the remote's GET /schemas did not list it, or it was refused).` : 'It could not be stored.';
      report.skipped.push({ identityId: id, reason });
    }
  };

  /** One remote identity read once; one whose traits the gate refuses becomes a skip with the gate's reason. */
  const gatedRead = async (text: string, profile: ValidationProfile): Promise<ReturnType<typeof readRemote>> => {
    const read = readRemote(text);
    if (opts.gate === undefined || !('version' in read)) return read;
    const doc = read.version.doc;
    const traits = doc['traits'] ?? {};
    if (fitsInline(traits)) return read;
    try {
      await opts.gate(typeof doc['schema_id'] === 'string' ? opts.validators().body(doc['schema_id']) : undefined, traits, profile);
      return read;
    } catch (err) {
      // Only a limit refuses here; any other verdict is the store's own validation's to give.
      if (!(err instanceof AppError) || err.code !== 'LIMIT_EXCEEDED') return read;
      return { problem: `Its traits are too big to check here: ${err.message} It was left as it is.`, id: String(doc['id']) };
    }
  };

  /** The next page is requested before this one is written, so the server works while we do. */
  const fetchPage = (url: string | null) => {
    const request = client.listPage(url, url === null ? { include_credential: ['password'] } : {});
    request.catch(() => undefined);
    return request;
  };
  try {
    let pending: ReturnType<typeof fetchPage> | null = fetchPage(null);
    while (pending !== null) {
      if (opts.isCancelled()) throw new AppError('CANCELLED', 'The pull was cancelled.');
      const page: Awaited<ReturnType<typeof fetchPage>> = await pending;
      pending = page.next === null ? null : fetchPage(page.next);
      // Let the request leave before this thread is busy with the page.
      await new Promise((resolve) => setImmediate(resolve));
      const c = ctx();
      const reads: [string, ReturnType<typeof readRemote>][] = [];
      for (const text of arrayElements(page.text)) reads.push([text, await gatedRead(text, c.profile)]);
      // A savepoint per identity makes FTS5 flush at each one (a third of the write time): a page is first
      // written whole, and only a page with an identity that cannot be stored is written again, guarded.
      const writePage = (guarded: boolean) =>
        db.transaction(() => {
          writer.batch(() => {
            for (const [text, read] of reads) accept(text, c, guarded, read);
          });
        })();
      const before = { ...report, skipped: [...report.skipped] };
      try {
        writePage(false);
      } catch {
        Object.assign(report, before);
        writePage(true);
      }
      db.transaction(() => {
        report.pages++;
        store.markScan(remote.name, page.next, report.seen, c.at);
        operations.progress(operationId, counts());
      })();
      opts.onProgress(report.seen, `page ${report.pages}`);
    }
    // Identities the scan did not see: deleted there, or moved behind the scan (keyset order is by id).
    for (const id of unseen.all(remote.name) as string[]) {
      if (opts.isCancelled()) throw new AppError('CANCELLED', 'The pull was cancelled.');
      const response = await client.getIdentity(id);
      const c = ctx();
      if (response.status === 404) tally(db.transaction(() => applier.remoteDeleted(remote.name, id, c))());
      else if (response.status === 200) accept(response.text, c, true, await gatedRead(response.text, c.profile));
      else report.skipped.push({ identityId: id, reason: `Checking whether it still exists failed: ${herodotReason(response)}` });
    }
    const at = new Date().toISOString();
    db.transaction(() => {
      store.markPulled(remote.name, at);
      operations.finish(operationId, 'applied', counts(), { report: { ...report, skipped: report.skipped.slice(0, 100) } });
    })();
  } catch (err) {
    const state = report.pages > 0 ? (err instanceof AppError && err.code === 'CANCELLED' ? 'cancelled' : 'partial') : 'failed';
    operations.finish(operationId, state, counts(), { reason: err instanceof Error ? err.message : 'The pull stopped.' });
    throw err;
  } finally {
    db.exec('DELETE FROM temp.pull_seen');
  }
  report.durationMs = Date.now() - started;
  return report;
};
