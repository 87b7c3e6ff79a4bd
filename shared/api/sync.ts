import type { JobId } from '../domain/jobs';
import type { AddRemoteInput, ConflictRecord, ConflictResolution, ConnectionReport, ConnectionTarget, IdentitySyncState, PendingChange, PullRequest, PushRequest, RemoteRecord, SyncStatus, UpdateRemoteInput } from '../domain/sync';
import { REMOTE_KINDS } from '../domain/sync';
import type { ParamSchemas } from './params';
import { array, boundedJson, either, idParam, integer, object, oneOfValues, string } from './params';

/**
 * Sync with a remote Kratos admin API (design §8, issue 12). The renderer never talks HTTP to Kratos
 * and never receives a key: it names how the key is found, or hands a key to the keystore once.
 * Pull, push and sync are jobs (follow and cancel them through `jobs`).
 */
export interface SyncApi {
  addRemote(input: AddRemoteInput): Promise<RemoteRecord>;
  listRemotes(): Promise<RemoteRecord[]>;
  /** Changes a remote's URL, kind or key (omit `key` to keep it); its identities stay. */
  updateRemote(input: UpdateRemoteInput): Promise<RemoteRecord>;
  /** Refused while local changes wait to be pushed to it; its identities stay as local identities. */
  removeRemote(name: string): Promise<void>;
  pull(request: PullRequest): Promise<{ jobId: JobId }>;
  /** Pushes the outbox, or only the entries of `ids` (the rest keeps waiting). */
  push(request: PushRequest): Promise<{ jobId: JobId }>;
  /** Pull, then push. */
  sync(request: PullRequest): Promise<{ jobId: JobId }>;
  /** The outbox, oldest change first, each entry with its diff against the last pulled version. */
  pending(query: { limit?: number; offset?: number }): Promise<{ total: number; items: PendingChange[] }>;
  /** Drops an identity's waiting change: it returns to its last pulled version (audited). */
  discard(identityId: string): Promise<void>;
  conflicts(): Promise<ConflictRecord[]>;
  resolveConflict(identityId: string, resolution: ConflictResolution): Promise<void>;
  status(): Promise<SyncStatus>;
  /** One identity's sync state (synced / pending with its diff / rejected / conflict) and its remote. */
  identityState(identityId: string): Promise<IdentitySyncState>;
  /** Asks the remote now (one attempt per request) what it holds, or answers a precise problem; writes nothing. */
  testConnection(target: ConnectionTarget): Promise<ConnectionReport>;
}

const remoteName = string({ minLength: 1, maxLength: 64 });
const keyInput = either(
  either(object({ kind: oneOfValues(['none'] as const) }, { required: ['kind'] }), object({ kind: oneOfValues(['env'] as const), variable: string({ minLength: 1, maxLength: 128 }) }, { required: ['kind', 'variable'] })),
  object({ kind: oneOfValues(['secret'] as const), value: string({ minLength: 1, maxLength: 4096 }) }, { required: ['kind', 'value'] }),
);
const pullRequest = object({ remote: remoteName });
const pointer = string({ maxLength: 2048 });

const remoteInput = object({ name: remoteName, url: string({ minLength: 1, maxLength: 2048 }), kind: oneOfValues(REMOTE_KINDS), key: keyInput }, { required: ['name', 'url', 'kind', 'key'] });

export const syncParams = {
  addRemote: [remoteInput],
  listRemotes: [],
  updateRemote: [object({ name: remoteName, url: string({ minLength: 1, maxLength: 2048 }), kind: oneOfValues(REMOTE_KINDS), key: keyInput }, { required: ['name', 'url', 'kind'] })],
  removeRemote: [remoteName],
  pull: [pullRequest],
  push: [object({ remote: remoteName, ids: array(idParam, { maxItems: 1000 }) })],
  sync: [pullRequest],
  pending: [object({ limit: integer({ minimum: 1, maximum: 1000 }), offset: integer({ minimum: 0 }) })],
  discard: [idParam],
  conflicts: [],
  resolveConflict: [
    idParam,
    either(
      object({ take: oneOfValues(['local', 'remote'] as const) }, { required: ['take'] }),
      object({ merged: array(object({ pointer, value: boundedJson }, { required: ['pointer'] }), { maxItems: 1000 }) }, { required: ['merged'] }),
    ),
  ],
  status: [],
  identityState: [idParam],
  testConnection: [either(object({ remote: remoteName }, { required: ['remote'] }), remoteInput)],
} satisfies ParamSchemas<SyncApi>;
