import { randomUUID } from 'node:crypto';
import type { JobId } from '../../../shared/domain/jobs';
import type {
  AddRemoteInput,
  ConflictRecord,
  ConflictResolution,
  ConnectionReport,
  ConnectionTarget,
  IdentitySyncState,
  PendingChange,
  PullReport,
  PullRequest,
  PushReport,
  PushRequest,
  RemoteRecord,
  SyncReport,
  SyncStatus,
  UpdateRemoteInput,
} from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { jsonEqual } from '../../../shared/json-diff';
import type { Db } from '../../db/open-database';
import type { EventBus } from '../events/event-bus';
import { createChangeWriter } from '../identities/change-writer';
import type { SchemaValidators } from '../identities/schema-validators';
import { readProfile } from '../identities/stored-identity';
import type { JobsService } from '../jobs/jobs-service';
import { runWorker } from '../jobs/run-worker';
import type { SchemaService } from '../schemas/index';
import { createAdminClient, probeRemote } from './admin-client';
import type { KeyVault } from './key-vault';
import type { Remote } from './remotes';
import { checkRemoteUrl, createRemotes } from './remotes';
import { createReachability } from './reachability';
import { createSyncReview } from './sync-review';
import { createSyncStore } from './sync-store';
import type { SyncWorkerData } from './sync-worker';

export interface SyncServiceDeps {
  db: Db;
  dataDir: string;
  events: EventBus;
  jobs: JobsService;
  schemas: SchemaService;
  validators: SchemaValidators;
  vault: KeyVault;
  actor: () => string;
  readOnlyReason: () => string | null;
  env?: NodeJS.ProcessEnv;
}

export interface SyncService {
  addRemote(input: AddRemoteInput): RemoteRecord;
  listRemotes(): RemoteRecord[];
  updateRemote(input: UpdateRemoteInput): RemoteRecord;
  removeRemote(name: string): void;
  pull(request: PullRequest): Promise<JobId>;
  push(request: PushRequest): Promise<JobId>;
  sync(request: PullRequest): Promise<JobId>;
  pending(query: { limit?: number; offset?: number }): { total: number; items: PendingChange[] };
  discard(identityId: string): void;
  conflicts(): ConflictRecord[];
  resolveConflict(identityId: string, resolution: ConflictResolution): void;
  status(): SyncStatus;
  identityState(identityId: string): IdentitySyncState;
  testConnection(target: ConnectionTarget): Promise<ConnectionReport>;
}

export const createSyncService = (deps: SyncServiceDeps): SyncService => {
  const { db } = deps;
  const remotes = createRemotes(db, deps.vault, deps.env);
  const store = createSyncStore(db);
  const writer = createChangeWriter(db);
  const review = createSyncReview({
    db,
    writer,
    store,
    validators: deps.validators,
    context: () => ({ origin: 'resolve', operationId: randomUUID(), actor: deps.actor(), at: new Date().toISOString(), profile: readProfile(db) }),
  });
  const counts = db.prepare(
    "SELECT (SELECT count(*) FROM remotes) AS remotes, (SELECT count(*) FROM outbox) AS pending, (SELECT count(*) FROM outbox WHERE status = 'rejected') AS rejected, (SELECT count(DISTINCT identity_id) FROM sync_conflicts WHERE merged IS NULL) AS conflicts, (SELECT max(last_pull_at) FROM sync_state) AS lastPullAt, (SELECT max(last_push_at) FROM sync_state) AS lastPushAt",
  );
  const running = new Set<string>();
  const reach = createReachability({ remotes: () => remotes.list(), onChange: () => deps.events.emit('sync.changed', {}) });
  /** A failure that means the remote did not answer (after the client's retries), as opposed to a refusal, makes it offline. */
  const noteFailure = (remote: string, err: unknown): void => {
    if (err instanceof AppError && err.code === 'REMOTE_UNAVAILABLE') reach.record(remote, 'offline', err.message);
  };

  const writable = () => {
    const reason = deps.readOnlyReason();
    if (reason !== null) throw new AppError('READ_ONLY', reason);
  };
  const changed = () => {
    deps.events.emit('identities.changed', { ids: 'all' });
    deps.events.emit('sync.changed', {});
  };

  /** Schemas come from `GET /schemas` into the registry; ids are immutable, so a changed body under a known id is reported, never written. */
  const pullSchemas = async (remote: Remote, key: string | undefined): Promise<PullReport['schemas']> => {
    const client = createAdminClient({ url: remote.url, kind: remote.kind, key: () => key });
    const report: PullReport['schemas'] = { added: [], unchanged: 0, changedUnderKnownId: [] };
    for (const s of await client.listSchemas()) {
      let known: unknown;
      try {
        known = JSON.parse(deps.schemas.get(s.id).text) as unknown;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
        await deps.schemas.create({ id: s.id, schema: JSON.stringify(s.schema) }, 'remote');
        report.added.push(s.id);
        continue;
      }
      if (jsonEqual(known, s.schema)) report.unchanged++;
      else report.changedUnderKnownId.push(s.id);
    }
    return report;
  };

  const start = async (direction: SyncWorkerData['direction'], request: PushRequest): Promise<JobId> => {
    writable();
    const remote = remotes.pick(request.remote);
    if (running.has(remote.name)) throw new AppError('CONFLICT', `A pull or push of "${remote.name}" is running already.`);
    const key = remotes.keyOf(remote);
    let schemas: PullReport['schemas'] = { added: [], unchanged: 0, changedUnderKnownId: [] };
    if (direction !== 'push') {
      try {
        schemas = await pullSchemas(remote, key);
      } catch (err) {
        noteFailure(remote.name, err);
        throw err;
      }
    }
    running.add(remote.name);
    const kind = direction;
    return deps.jobs.start(kind, async (ctx) => {
      const data: SyncWorkerData = { direction, dataDir: deps.dataDir, actor: deps.actor(), remote, key, schemas, ...(request.ids ? { only: request.ids } : {}) };
      let done = 0;
      try {
        const report = await runWorker<PullReport | PushReport | SyncReport>(import.meta.url, 'sync-worker', data, {
          signal: ctx.signal,
          onProgress: (d, total, message) => {
            if (d >= 0) done = d;
            ctx.progress(done, total, message);
            if (direction !== 'push' && d >= 0) deps.events.emit('identities.changed', { ids: 'all' });
          },
        });
        reach.record(remote.name, 'online', null);
        return report;
      } catch (err) {
        noteFailure(remote.name, err);
        throw err;
      } finally {
        running.delete(remote.name);
        changed();
      }
    });
  };

  return {
    addRemote: (input) => {
      writable();
      const record = remotes.add(input, new Date().toISOString());
      deps.events.emit('sync.changed', {});
      return record;
    },
    listRemotes: () => remotes.list(),
    updateRemote: (input) => {
      writable();
      const record = remotes.update(input);
      deps.events.emit('sync.changed', {});
      return record;
    },
    removeRemote: (name) => {
      writable();
      remotes.remove(name);
      changed();
    },
    pull: (request) => start('pull', request),
    push: (request) => start('push', request),
    sync: (request) => start('sync', request),
    pending: (query) => review.pending(Math.min(Math.max(query.limit ?? 100, 1), 1000), Math.max(query.offset ?? 0, 0)),
    discard: (id) => {
      writable();
      review.discard(id);
      changed();
    },
    conflicts: () => review.conflicts(),
    resolveConflict: (id, resolution) => {
      writable();
      review.resolve(id, resolution);
      changed();
    },
    status: () => ({ ...(counts.get() as Omit<SyncStatus, 'reach'>), reach: reach.snapshot() }),
    identityState: (id) => review.identityState(id),
    testConnection: async (target) => {
      let url: string;
      let key: string | undefined;
      try {
        if ('remote' in target) {
          const remote = remotes.get(target.remote);
          url = remote.url;
          key = remotes.keyOf(remote);
        } else {
          url = checkRemoteUrl(target.url, target.kind, target.key.kind !== 'none');
          // A draft's key is used for this one test and dropped; only addRemote keeps one.
          key = target.key.kind === 'secret' ? target.key.value : target.key.kind === 'env' ? (deps.env ?? process.env)[target.key.variable] : undefined;
          if (target.key.kind === 'env' && (key === undefined || key === '')) {
            return { ok: false, problem: 'no-key', status: null, message: `The environment variable ${target.key.variable} is not set in this host's process.` };
          }
        }
      } catch (err) {
        if (err instanceof AppError && err.code === 'FORBIDDEN') return { ok: false, problem: 'no-key', status: null, message: err.message };
        throw err;
      }
      const report = await probeRemote({ url, key: () => key });
      if ('remote' in target) {
        const noAnswer = !report.ok && (report.problem === 'unreachable' || report.problem === 'timeout' || report.problem === 'tls');
        reach.record(target.remote, noAnswer ? 'offline' : 'online', noAnswer ? report.message : null);
      }
      return report;
    },
  };
};
