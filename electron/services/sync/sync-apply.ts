import type { ConflictField, MergedField } from '../../../shared/domain/sync';
import { isRecord } from '../../../shared/json';
import { findLossyNumber } from '../../../shared/json-numbers';
import type { JsonObject } from '../../../shared/sync/identity-view';
import { editableView } from '../../../shared/sync/identity-view';
import { applyOps, threeWayMerge } from '../../../shared/sync/three-way-merge';
import type { ChangeContext, ChangeWriter } from '../identities/change-writer';
import { finishDraft } from '../identities/identity-drafts';
import type { SchemaValidators } from '../identities/schema-validators';
import type { StoredIdentity } from '../identities/stored-identity';
import { fromAdminDocument, toAdminDocument, withView } from './remote-document';
import type { BaseRow, SyncStore } from './sync-store';
import { bodyHash } from './sync-store';

/**
 * What a remote version of an identity does to the local store, for pull and for the answers of a push
 * (design §8, reference §4.8). Runs inside the caller's transaction.
 * - No local change waiting: the remote version is written as it is (origin `pull`) and becomes the base.
 *   An identity whose remote text hashes like its base costs no write.
 * - A local change waiting: a field-level three-way merge against the base. Remote changes to fields
 *   not edited here are taken into the local copy; fields edited on both sides become conflicts and the
 *   local value stays. The base moves to the remote version, so what remains to push is exactly the
 *   local changes (and, for a conflict, the admin's decision).
 */
export type Outcome = 'created' | 'updated' | 'unchanged' | 'merged' | 'conflict' | 'deleted';

export interface RemoteVersion {
  /** The identity's JSON text exactly as the server sent it. */
  text: string;
  doc: JsonObject;
}

export interface SyncApplier {
  acceptRemote(remote: string, version: RemoteVersion, ctx: ChangeContext): Outcome;
  /** The remote answered 404 for an identity with a base. */
  remoteDeleted(remote: string, id: string, ctx: ChangeContext): Outcome;
  /** Records why the identity waits for a person, and moves its base to what the remote has now (null: deleted there). */
  conflict(id: string, remote: string, fields: ConflictField[], version: RemoteVersion | null, at: string, merged?: MergedField[]): void;
}

/** Parses one identity of a list page (or a GET answer); null with a reason when it cannot be kept exactly. */
export const readRemote = (text: string): { version: RemoteVersion } | { problem: string; id: string | null } => {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    return { problem: 'The remote sent an identity that is not JSON.', id: null };
  }
  if (!isRecord(doc) || typeof doc['id'] !== 'string') return { problem: 'The remote sent an identity without an id.', id: null };
  // Cheap test first: only a long digit run or a big exponent can be a number JavaScript changes.
  if (/\d{16}|[eE][+-]?\d{3}/.test(text)) {
    const lossy = findLossyNumber(text);
    if (lossy !== null) return { problem: `The number ${lossy.literal} at ${lossy.pointer} cannot be kept exactly here; the identity was left as it is.`, id: doc['id'] };
  }
  return { version: { text, doc } };
};

export const baseRow = (remote: string, version: RemoteVersion, at: string): BaseRow => ({
  identity_id: String(version.doc['id']),
  remote,
  remote_id: String(version.doc['id']),
  updated_at: typeof version.doc['updated_at'] === 'string' ? version.doc['updated_at'] : '',
  hash: bodyHash(version.text),
  body: version.text,
  pulled_at: at,
});

export const createSyncApplier = (deps: { writer: ChangeWriter; store: SyncStore; validators: () => SchemaValidators }): SyncApplier => {
  const { writer, store } = deps;

  /** Merged fields that are not the same data as a field waiting for a person (nor inside or around it). */
  const besides = (id: string, merged: readonly MergedField[]): MergedField[] => {
    const open = store.conflict(id)?.fields.map((f) => f.pointer) ?? [];
    const overlaps = (a: string, b: string) => a === b || a === '' || b === '' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
    return merged.filter((m) => !open.some((p) => overlaps(m.pointer, p)));
  };

  const conflict: SyncApplier['conflict'] = (id, remote, fields, version, at, merged = []) => {
    store.putConflicts(id, remote, fields, at);
    store.putMerged(id, remote, besides(id, merged), at);
    if (version !== null) store.putBase(baseRow(remote, version, at));
  };

  /** The local copy with the remote's changes folded in (conflicting fields keep the local value). */
  const fold = (base: BaseRow, local: StoredIdentity, version: RemoteVersion, ctx: ChangeContext): { fields: ConflictField[]; merged: MergedField[] } => {
    const baseView = editableView(JSON.parse(base.body) as JsonObject);
    const localView = editableView(toAdminDocument(local));
    const merge = threeWayMerge(baseView, localView, editableView(version.doc));
    const localNext = applyOps(
      merge.merged,
      merge.conflicts.map((c) => (c.local === undefined ? { op: 'remove' as const, path: c.pointer } : { op: 'replace' as const, path: c.pointer, value: c.local })),
    );
    if (merge.remoteChanges.length > 0) {
      const draft = finishDraft({ validators: deps.validators(), profile: ctx.profile, now: ctx.at }, { ...withView(local, localNext), updated_at: local.updated_at });
      writer.update(local, draft, ctx);
    }
    return {
      fields: merge.conflicts,
      merged: [...merge.localChanges.map((c) => ({ side: 'local' as const, ...c })), ...merge.remoteChanges.map((c) => ({ side: 'remote' as const, ...c }))],
    };
  };

  return {
    conflict,
    acceptRemote: (remote, version, ctx) => {
      const id = String(version.doc['id']);
      const hash = bodyHash(version.text);
      const base = store.base(id);
      if (base !== undefined && base.hash === hash) return 'unchanged';
      const local = writer.findById(id);
      const outbox = store.outbox(id);
      if (outbox === undefined) {
        const next = fromAdminDocument(version.doc, local);
        if (local === null) writer.create(next, ctx);
        else writer.update(local, next, ctx);
        store.putBase(baseRow(remote, version, ctx.at));
        return local === null ? 'created' : 'updated';
      }
      if (local === null) {
        // Deleted here, changed there since: a person decides (delete it there anyway, or keep the remote version).
        if (base === undefined) return 'unchanged';
        conflict(id, remote, [{ pointer: '', base: JSON.parse(base.body) as unknown, remote: version.doc }], version, ctx.at);
        return 'conflict';
      }
      if (base === undefined) {
        // Queued as a create, but the remote has it (an import of this remote's export): from now on it is an update.
        store.putBase(baseRow(remote, version, ctx.at));
        writer.outbox.reopen(id, 'update');
        return 'merged';
      }
      const { fields, merged } = fold(base, local, version, ctx);
      if (fields.length > 0) {
        conflict(id, remote, fields, version, ctx.at, merged);
        return 'conflict';
      }
      // Still waiting for a person: what merged since belongs to that conflict's account too.
      if (store.hasConflict(id)) store.putMerged(id, remote, besides(id, merged), ctx.at);
      store.putBase(baseRow(remote, version, ctx.at));
      return 'merged';
    },
    remoteDeleted: (remote, id, ctx) => {
      const base = store.base(id);
      const local = writer.findById(id);
      const outbox = store.outbox(id);
      if (outbox === undefined || outbox.operation === 'delete') {
        if (local !== null) writer.remove(local, ctx);
        if (outbox !== undefined) writer.outbox.drop(id);
        store.deleteBase(id);
        store.clearConflicts(id);
        return 'deleted';
      }
      if (local === null) return 'unchanged';
      // Edited here, deleted there: never a silent loss. "Recreate" or "drop my changes" (sync.resolveConflict).
      conflict(id, remote, [{ pointer: '', ...(base ? { base: JSON.parse(base.body) as unknown } : {}), local: toAdminDocument(local) }], null, ctx.at);
      return 'conflict';
    },
  };
};
