import { randomUUID } from 'node:crypto';
import type { PushReport } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { isRecord } from '../../../shared/json';
import type { JsonObject } from '../../../shared/sync/identity-view';
import { editableView, toKratosPatch } from '../../../shared/sync/identity-view';
import { threeWayMerge } from '../../../shared/sync/three-way-merge';
import { jsonEqual } from '../../../shared/json-diff';
import type { ChangeContext } from '../identities/change-writer';
import { createChangeWriter } from '../identities/change-writer';
import type { StoredIdentity } from '../identities/stored-identity';
import { readProfile } from '../identities/stored-identity';
import { createOperationsStore } from '../operations/operations-store';
import type { AdminResponse } from './admin-client';
import { herodotReason } from './admin-client';
import { createBody, lookupIdentifiers, toAdminDocument } from './remote-document';
import type { RemoteVersion } from './sync-apply';
import { baseRow, createSyncApplier, readRemote } from './sync-apply';
import type { SyncRunOptions } from './pull';
import { arrayElements } from './pull';
import type { OutboxRow } from './sync-store';
import { bodyHash, createSyncStore } from './sync-store';

export interface PushOptions extends SyncRunOptions {
  onProgress: (done: number, total: number) => void;
  /** Items per batch create (Kratos: at most 1000, at most 200 with plaintext passwords). */
  batchSize?: number;
  /** Only these identities' entries (a selection from the pending list); the rest keeps waiting. */
  only?: readonly string[];
}

const MAX_BATCH = 1000;
const MAX_PLAINTEXT_BATCH = 200;

/** Whether a remote identity holds exactly what a local create would send (then it is that create, arrived). */
const sameContent = (local: StoredIdentity, version: RemoteVersion): boolean => {
  const body = createBody(local);
  const remote = version.doc;
  return ['schema_id', 'traits', 'metadata_public', 'metadata_admin', 'state', 'external_id'].every((k) => jsonEqual(body[k] ?? null, remote[k] ?? null));
};

/** The remote stopped answering (after the client's retries): the rest waits for the next push. */
class Deferred extends Error {}

/**
 * A push (issue 12 points 5–7): the outbox in the order of its changes. Creates go in batches through
 * `PATCH /admin/identities`, marked in flight first, so a push killed mid-batch looks each one up by its
 * identifier on resume instead of creating it twice. Updates GET the remote first and send only the
 * three-way merge's minimal patch; the same field changed on both sides is a conflict and nothing is
 * sent. Deletes check that the remote did not change since the base. Every answer goes back through the
 * same path as a pull, so the base is what the server said.
 */
export const runPush = async (opts: PushOptions): Promise<PushReport> => {
  const started = Date.now();
  const { db, client, remote } = opts;
  const writer = createChangeWriter(db);
  const store = createSyncStore(db);
  const applier = createSyncApplier({ writer, store, validators: opts.validators });
  const operations = createOperationsStore(db);
  const operationId = operations.start({ id: randomUUID(), kind: 'sync', actor: opts.actor, target: { remote: remote.name, direction: 'push' } });
  const report: PushReport = { remote: remote.name, created: 0, updated: 0, deleted: 0, unchanged: 0, rejected: [], conflicts: 0, deferred: 0, requests: 0, durationMs: 0 };
  const counts = () => ({ pushed: report.created + report.updated + report.deleted, rejected: report.rejected.length, conflicts: report.conflicts });
  const ctx = (): ChangeContext => ({ origin: 'pull', operationId, actor: opts.actor, at: new Date().toISOString(), profile: readProfile(db) });
  store.ensureState(remote.name);
  writer.outbox.assign(remote.name);
  const due = db.prepare(
    "SELECT * FROM outbox WHERE remote = ? AND status <> 'rejected' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY first_change_id",
  );
  const only = opts.only ? new Set(opts.only) : null;
  const entries = (due.all(remote.name, new Date().toISOString()) as OutboxRow[]).filter((e) => {
    if (only !== null && !only.has(e.identity_id)) return false;
    if (!store.hasConflict(e.identity_id)) return true;
    report.conflicts++;
    return false;
  });
  const total = entries.length;
  let done = 0;
  const step = () => opts.onProgress(++done, total);

  const reject = (e: OutboxRow, reason: string, status: number | null) => {
    writer.outbox.reject(e.identity_id, reason, new Date().toISOString());
    report.rejected.push({ identityId: e.identity_id, operation: e.operation, reason, status });
  };
  /** A call whose retries ran out stops the push; CANCELLED and FORBIDDEN end it as they are. */
  const call = async <T = AdminResponse>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof AppError && (err.code === 'REMOTE_UNAVAILABLE' || err.code === 'RATE_LIMITED')) throw new Deferred(err.message);
      throw err;
    }
  };
  const versionOf = (response: AdminResponse): RemoteVersion => {
    const read = readRemote(response.text);
    if ('problem' in read) throw new AppError('REMOTE_REJECTED', read.problem);
    return read.version;
  };
  /** After a successful write: the entry is cleared unless a change came since, and the server's version is taken in. */
  const settle = (e: OutboxRow, version: RemoteVersion | null, operationIfKept: 'update' | 'delete') =>
    db.transaction(() => {
      writer.outbox.settle(e.identity_id, e.last_change_id, operationIfKept);
      if (version === null) {
        store.deleteBase(e.identity_id);
        return;
      }
      applier.acceptRemote(remote.name, version, ctx());
    })();

  const creates = entries.filter((e) => e.operation === 'create');
  const updates = entries.filter((e) => e.operation === 'update');
  const deletes = entries.filter((e) => e.operation === 'delete');

  /** An interrupted create is looked up by its identifiers before anything is sent again. */
  const recover = async (e: OutboxRow, local: StoredIdentity, onlyIfSame = false): Promise<'adopted' | 'resend' | 'unknown'> => {
    const identifiers = lookupIdentifiers(local);
    for (const identifier of identifiers) {
      const ids = await call(() => client.findByIdentifier(identifier));
      const found = ids[0];
      if (found === undefined) continue;
      const response = await call(() => client.getIdentity(found));
      if (response.status !== 200) continue;
      const version = versionOf(response);
      if (onlyIfSame && !sameContent(local, version)) continue;
      db.transaction(() => writer.rekey(local.id, found, readProfile(db)))();
      settle({ ...e, identity_id: found }, version, 'update');
      return 'adopted';
    }
    return identifiers.length > 0 ? 'resend' : 'unknown';
  };

  const sendCreates = async (batch: { entry: OutboxRow; local: StoredIdentity }[]): Promise<void> => {
    if (batch.length === 0) return;
    db.transaction(() => writer.outbox.markInFlight(batch.map((b) => b.entry.identity_id), new Date().toISOString()))();
    const response = await call(() => client.batchCreate(batch.map((b) => ({ create: createBody(b.local), patch_id: b.local.id }))));
    if (response.status !== 200) {
      // One bad item fails the whole request: halve until each item gets its own answer.
      if (response.status >= 400 && response.status < 500 && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await sendCreates(batch.slice(0, half));
        await sendCreates(batch.slice(half));
        return;
      }
      for (const b of batch) reject(b.entry, herodotReason(response), response.status);
      done += batch.length;
      return;
    }
    const body = JSON.parse(response.text) as { identities?: unknown };
    const results = Array.isArray(body.identities) ? body.identities : [];
    const created: { b: (typeof batch)[number]; newId: string }[] = [];
    for (const [i, b] of batch.entries()) {
      const r: unknown = results.find((x) => isRecord(x) && x['patch_id'] === b.local.id) ?? results[i];
      if (isRecord(r) && r['action'] === 'create' && typeof r['identity'] === 'string') {
        created.push({ b, newId: r['identity'] });
        continue;
      }
      const error = isRecord(r) && isRecord(r['error']) ? r['error'] : {};
      // A retried request whose first answer was lost finds its own identities there: adopt them, never twice.
      if (error['code'] === 409 && (await recover(b.entry, b.local, true)) === 'adopted') {
        report.created++;
        step();
        continue;
      }
      const reason = typeof error['reason'] === 'string' && error['reason'] !== '' ? error['reason'] : typeof error['message'] === 'string' ? error['message'] : 'The remote did not create it.';
      reject(b.entry, reason, typeof error['code'] === 'number' ? error['code'] : null);
      step();
    }
    // The server's own version of each new identity (500 per request) becomes its base, under the server's id.
    for (let i = 0; i < created.length; i += 500) {
      const chunk = created.slice(i, i + 500);
      const text = await call(() => client.listByIds(chunk.map((c) => c.newId)));
      const versions = new Map<string, RemoteVersion>();
      for (const element of arrayElements(text)) {
        const read = readRemote(element);
        if ('version' in read) versions.set(String(read.version.doc['id']), read.version);
      }
      db.transaction(() => {
        for (const { b, newId } of chunk) {
          writer.rekey(b.local.id, newId, readProfile(db));
          const version = versions.get(newId);
          if (version !== undefined) settle({ ...b.entry, identity_id: newId }, version, 'update');
          else writer.outbox.settle(newId, b.entry.last_change_id, 'update');
          report.created++;
          step();
        }
      })();
    }
  };

  const pushCreates = async () => {
    let batch: { entry: OutboxRow; local: StoredIdentity }[] = [];
    let plaintext = false;
    const limit = Math.min(opts.batchSize ?? MAX_BATCH, MAX_BATCH);
    for (const e of creates) {
      if (opts.isCancelled()) break;
      const local = writer.findById(e.identity_id);
      if (local === null) {
        writer.outbox.drop(e.identity_id);
        step();
        continue;
      }
      if (e.status === 'in_flight') {
        const outcome = await recover(e, local);
        if (outcome === 'adopted') {
          report.created++;
          step();
          continue;
        }
        if (outcome === 'unknown') {
          reject(e, 'The push was interrupted while this identity was being created, and it has no identifier to check whether the remote has it. Check the remote, then discard this change or edit the identity to send it again.', null);
          step();
          continue;
        }
      }
      const hasPlaintext = typeof local.credentials['password']?.config?.['password'] === 'string';
      if (batch.length >= (plaintext || hasPlaintext ? Math.min(limit, MAX_PLAINTEXT_BATCH) : limit)) {
        await sendCreates(batch);
        batch = [];
        plaintext = false;
      }
      batch.push({ entry: e, local });
      plaintext ||= hasPlaintext;
    }
    await sendCreates(batch);
  };

  const pushUpdate = async (e: OutboxRow) => {
    const local = writer.findById(e.identity_id);
    if (local === null) {
      writer.outbox.drop(e.identity_id);
      return;
    }
    const current = await call(() => client.getIdentity(e.identity_id));
    let base = store.base(e.identity_id);
    if (base === undefined) {
      // No version was kept (a create whose answer was lost): what the remote has now is the base, so every local difference is sent.
      if (current.status === 404) return void writer.outbox.reopen(e.identity_id, 'create');
      if (current.status !== 200) return reject(e, herodotReason(current), current.status);
      const row = baseRow(remote.name, versionOf(current), new Date().toISOString());
      store.putBase(row);
      base = row;
    }
    if (current.status === 404) {
      db.transaction(() => applier.remoteDeleted(remote.name, e.identity_id, ctx()))();
      report.conflicts++;
      return;
    }
    if (current.status !== 200) return reject(e, herodotReason(current), current.status);
    const version = versionOf(current);
    const baseView = editableView(JSON.parse(base.body) as JsonObject);
    const merge = threeWayMerge(baseView, editableView(toAdminDocument(local)), editableView(version.doc));
    if (merge.conflicts.length > 0) {
      // Folds the remote's other changes in and records the fields a person must decide.
      db.transaction(() => applier.acceptRemote(remote.name, version, ctx()))();
      report.conflicts++;
      return;
    }
    const ops = toKratosPatch(merge.toRemote, merge.merged, version.doc);
    if (ops.length === 0) {
      settle(e, version, 'update');
      report.unchanged++;
      return;
    }
    db.transaction(() => writer.outbox.markInFlight([e.identity_id], new Date().toISOString()))();
    let answer = await call(() => client.patchIdentity(e.identity_id, ops));
    if (answer.status === 200) {
      // A `verified` flag of an address the patch's traits created can only be set once the server derived it.
      const again = toKratosPatch([{ op: 'replace', path: '/verifiable_addresses' }], merge.merged, versionOf(answer).doc);
      if (again.length > 0) {
        const second = await call(() => client.patchIdentity(e.identity_id, again));
        if (second.status === 200) answer = second;
      }
      settle(e, versionOf(answer), 'update');
      report.updated++;
      return;
    }
    if (answer.status === 404) {
      db.transaction(() => applier.remoteDeleted(remote.name, e.identity_id, ctx()))();
      report.conflicts++;
      return;
    }
    // A retry of a patch whose answer was lost can fail on its own `remove`: if the remote has the change, it went through.
    const recheck = await call(() => client.getIdentity(e.identity_id));
    if (recheck.status === 200) {
      const now = versionOf(recheck);
      const left = threeWayMerge(baseView, editableView(toAdminDocument(local)), editableView(now.doc));
      if (left.conflicts.length === 0 && toKratosPatch(left.toRemote, left.merged, now.doc).length === 0) {
        settle(e, now, 'update');
        report.updated++;
        return;
      }
    }
    reject(e, herodotReason(answer), answer.status);
  };

  const pushDelete = async (e: OutboxRow) => {
    const base = store.base(e.identity_id);
    if (base === undefined) {
      writer.outbox.drop(e.identity_id);
      return;
    }
    const current = await call(() => client.getIdentity(e.identity_id));
    if (current.status === 200 && bodyHash(current.text) !== base.hash) {
      // Changed there since it was deleted here: deleting would lose that edit without anyone seeing it.
      const version = versionOf(current);
      db.transaction(() => applier.acceptRemote(remote.name, version, ctx()))();
      report.conflicts++;
      return;
    }
    if (current.status === 200) {
      const answer = await call(() => client.deleteIdentity(e.identity_id));
      if (answer.status !== 204 && answer.status !== 404) return reject(e, herodotReason(answer), answer.status);
    } else if (current.status !== 404) return reject(e, herodotReason(current), current.status);
    settle(e, null, 'delete');
    report.deleted++;
  };

  try {
    await pushCreates();
    for (const e of [...updates, ...deletes]) {
      if (opts.isCancelled()) break;
      if (e.operation === 'update') await pushUpdate(e);
      else await pushDelete(e);
      step();
    }
    if (opts.isCancelled()) throw new AppError('CANCELLED', 'The push was cancelled; what was sent is kept.');
  } catch (err) {
    if (!(err instanceof Deferred)) {
      operations.finish(operationId, report.created + report.updated + report.deleted > 0 ? 'partial' : 'failed', counts(), {
        reason: err instanceof Error ? err.message : 'The push stopped.',
      });
      throw err;
    }
    report.deferred = Math.max(0, total - done);
  }
  report.requests = client.requests;
  report.durationMs = Date.now() - started;
  const at = new Date().toISOString();
  db.transaction(() => {
    store.markPushed(remote.name, at);
    operations.finish(operationId, report.deferred > 0 ? 'partial' : 'applied', counts(), { report });
  })();
  return report;
};
