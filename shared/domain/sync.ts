/**
 * Sync with a remote Kratos (design §8, §13; reference §4): remotes, what is waiting to be sent,
 * what needs a person, and what a pull or a push did.
 */
export const REMOTE_KINDS = ['kratos', 'ory-network'] as const;
export type RemoteKind = (typeof REMOTE_KINDS)[number];

/**
 * How a remote's key is found; the key itself never leaves the main process.
 * - `env`: the name of an environment variable read at call time (web host, CLI);
 * - `keystore`: stored by the OS keystore (Electron's safeStorage), answered as stored or not;
 * - `none`: a self-hosted admin API behind no key.
 */
export type RemoteKeyRef = { kind: 'none' } | { kind: 'env'; variable: string } | { kind: 'keystore'; stored: boolean };

export interface RemoteRecord {
  name: string;
  /** The admin base URL, normalized (no trailing slash, no `/admin`). */
  url: string;
  kind: RemoteKind;
  key: RemoteKeyRef;
  createdAt: string;
  lastPullAt: string | null;
  lastPushAt: string | null;
  /** Identities whose remote base is this remote. */
  identities: number;
}

/** The key as given when a remote is added: an environment variable's name, or the key for the keystore. */
export type RemoteKeyInput = { kind: 'none' } | { kind: 'env'; variable: string } | { kind: 'secret'; value: string };

export interface AddRemoteInput {
  name: string;
  url: string;
  kind: RemoteKind;
  key: RemoteKeyInput;
}

/** An edit of a remote: its URL and kind, and a new key when `key` is given (else the key stays). */
export interface UpdateRemoteInput {
  name: string;
  url: string;
  kind: RemoteKind;
  key?: RemoteKeyInput;
}

export interface PullRequest {
  /** May be omitted when the store has one remote. */
  remote?: string;
}

export interface PushRequest extends PullRequest {
  /** Push only these identities' pending entries (a selection from the pending list); all when omitted. */
  ids?: string[];
}

export interface RejectedItem {
  identityId: string;
  operation: 'create' | 'update' | 'delete';
  /** The server's reason (herodot `reason`, else `message`), kept as sent. */
  reason: string;
  status: number | null;
}

export interface PullReport {
  remote: string;
  pages: number;
  /** Identities the scan saw. */
  seen: number;
  created: number;
  updated: number;
  /** Identities that changed remotely while edited here, merged field by field. */
  merged: number;
  unchanged: number;
  /** Deleted remotely (each confirmed by a 404 on GET) and so deleted here. */
  deleted: number;
  conflicts: number;
  /** Remote identities that could not be kept exactly (e.g. a number JavaScript cannot hold). */
  skipped: { identityId: string; reason: string }[];
  schemas: { added: string[]; unchanged: number; changedUnderKnownId: string[] };
  durationMs: number;
}

export interface PushReport {
  remote: string;
  created: number;
  updated: number;
  deleted: number;
  /** Pending entries whose local state already equals the remote one (nothing sent). */
  unchanged: number;
  rejected: RejectedItem[];
  conflicts: number;
  /** Entries left for a later push (the remote was unavailable or kept answering 429/5xx). */
  deferred: number;
  requests: number;
  durationMs: number;
}

export interface SyncReport {
  pull: PullReport;
  push: PushReport;
}

/** A JSON pointer into the admin JSON of the identity (`/traits/email`), with the value on each side (undefined = absent). */
export interface FieldChange {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

/** One outbox entry: an identity whose local changes wait for a push. */
export interface PendingChange {
  identityId: string;
  remote: string | null;
  operation: 'create' | 'update' | 'delete';
  status: 'pending' | 'in_flight' | 'rejected';
  attempts: number;
  lastError: string | null;
  /** The changes against the last pulled version (for a create: every field). */
  changes: FieldChange[];
  /** What the next push sends for an update: the JSON Patch against the last pulled version. */
  patch: { op: 'add' | 'remove' | 'replace'; path: string; value?: unknown }[];
  changedAt: string;
}

export interface ConflictField {
  pointer: string;
  base?: unknown;
  local?: unknown;
  remote?: unknown;
}

export interface ConflictRecord {
  identityId: string;
  remote: string;
  /** `edited`: the same fields changed on both sides; `deleted-remotely` / `deleted-locally`: one side deleted it. */
  kind: 'edited' | 'deleted-remotely' | 'deleted-locally';
  fields: ConflictField[];
  /** Fields that merged without a person: a change from one side only, already in the local copy. */
  merged: MergedField[];
  detectedAt: string;
}

export interface MergedField {
  /** Where the change came from. */
  side: 'local' | 'remote';
  pointer: string;
  before?: unknown;
  after?: unknown;
}

/** `take` keeps one side for every conflicting field; `merged` gives the value of each field (absent = remove). */
export type ConflictResolution = { take: 'local' | 'remote' } | { merged: { pointer: string; value?: unknown }[] };

/**
 * Whether a remote answers, from the last check: a periodic unauthenticated ping, a "Test connection",
 * or a pull or push. `unknown` until the first check ends. Offline is a state, never an error dialog.
 */
export interface RemoteReach {
  remote: string;
  state: 'online' | 'offline' | 'unknown';
  checkedAt: string | null;
  /** Why it is offline (host unreachable, timeout, TLS). */
  message: string | null;
}

export interface SyncStatus {
  remotes: number;
  pending: number;
  rejected: number;
  conflicts: number;
  lastPullAt: string | null;
  lastPushAt: string | null;
  /** One entry per remote, by name. */
  reach: RemoteReach[];
}

/**
 * Where one identity stands with its remote: `local` (never pulled nor pushed), `synced` (equals its
 * last pulled version), `pending` (a change waits; its diff is given), `rejected` (Kratos refused the
 * last push; the reason is in `pending.lastError`) or `conflict` (both sides changed the same fields).
 */
export interface IdentitySyncState {
  identityId: string;
  state: 'local' | 'synced' | 'pending' | 'rejected' | 'conflict';
  remote: string | null;
  /** When its base was last pulled (or written back by a push). */
  pulledAt: string | null;
  pending: PendingChange | null;
  conflict: ConflictRecord | null;
}

/** Why a connection test failed, precisely enough to say what to fix. */
export const CONNECTION_PROBLEMS = ['unreachable', 'timeout', 'tls', 'unauthorized', 'not-found', 'rate-limited', 'no-key', 'rejected'] as const;
export type ConnectionProblem = (typeof CONNECTION_PROBLEMS)[number];

/** What "Test connection" found: the remote's version, its first page of identities and its schemas, or why not. */
export type ConnectionReport =
  | {
      ok: true;
      /** `GET /version` (null when the remote does not answer it, as Ory Network may not). */
      version: string | null;
      /** Identities on the first page (page size 250). */
      firstPage: number;
      /** Whether the first page links to a next one. */
      more: boolean;
      schemas: string[];
    }
  | { ok: false; problem: ConnectionProblem; status: number | null; message: string };

/** A saved remote by name, or a draft from the add form (its key is used for this test only, never stored). */
export type ConnectionTarget = { remote: string } | AddRemoteInput;
