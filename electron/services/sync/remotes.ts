import type { AddRemoteInput, RemoteKeyInput, RemoteKeyRef, RemoteKind, RemoteRecord, UpdateRemoteInput } from '../../../shared/domain/sync';
import { REMOTE_KINDS } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../db/open-database';
import { normalizeAdminUrl } from './admin-client';
import type { KeyVault } from './key-vault';

/**
 * The remotes of a store (issue 12 point 1). `key_ref` records how the key is found, never the key:
 * `env:VAR` (read at call time), `keystore` (the OS keystore holds it under the remote's name), or null.
 */
export interface Remote {
  name: string;
  url: string;
  kind: RemoteKind;
  keyRef: string | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const invalid = (pointer: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ pointer, keyword: null, source: 'request', message }] });

/** The admin base URL, checked: http(s) only, no credentials in it, https for Ory Network and for any remote with a key (loopback http allowed). */
export const checkRemoteUrl = (raw: string, kind: RemoteKind, carriesKey: boolean): string => {
  let url: URL;
  try {
    url = normalizeAdminUrl(raw);
  } catch {
    throw invalid('#/url', `"${raw.slice(0, 200)}" is not a URL (e.g. https://<project>.projects.oryapis.com or http://127.0.0.1:4434).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('#/url', 'The admin URL must start with https:// (or http:// on this machine).');
  if (url.username !== '' || url.password !== '') throw invalid('#/url', 'Put the key in the key field, not in the URL.');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && (kind === 'ory-network' || carriesKey)) {
    throw invalid('#/url', 'A remote that carries a key must use https:// (http:// is allowed only on loopback, for tests and local development).');
  }
  return url.href.replace(/\/$/, '');
};

const keyRefOf = (ref: string | null, vault: KeyVault, name: string): RemoteKeyRef => {
  if (ref === null) return { kind: 'none' };
  if (ref.startsWith('env:')) return { kind: 'env', variable: ref.slice(4) };
  return { kind: 'keystore', stored: vault.read(name) !== undefined };
};

export const createRemotes = (db: Db, vault: KeyVault, env: NodeJS.ProcessEnv = process.env) => {
  const all = db.prepare('SELECT name, url, kind, key_ref AS keyRef, created_at AS createdAt FROM remotes ORDER BY name');
  const one = db.prepare('SELECT name, url, kind, key_ref AS keyRef FROM remotes WHERE name = ?');
  const insert = db.prepare('INSERT INTO remotes (name, url, kind, key_ref, created_at) VALUES (?, ?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM remotes WHERE name = ?');
  const state = db.prepare('SELECT last_pull_at AS lastPullAt, last_push_at AS lastPushAt FROM sync_state WHERE remote = ?');
  const ensureState = db.prepare('INSERT INTO sync_state (remote) VALUES (?) ON CONFLICT (remote) DO NOTHING');
  const identities = db.prepare('SELECT count(*) FROM sync_base WHERE remote = ?').pluck();
  const waiting = db.prepare('SELECT count(*) FROM outbox WHERE remote = ? OR (remote IS NULL AND (SELECT count(*) FROM remotes) = 1)').pluck();

  const update = db.prepare('UPDATE remotes SET url = ?, kind = ?, key_ref = ? WHERE name = ?');

  /** How a given key will be found; a key for the keystore needs one that can keep it. */
  const keyRefFor = (key: RemoteKeyInput): string | null => {
    if (key.kind === 'env') {
      if (!ENV_VAR.test(key.variable)) throw invalid('#/key/variable', 'An environment variable name is letters, digits and underscores, not starting with a digit.');
      return `env:${key.variable}`;
    }
    if (key.kind === 'secret') {
      const why = vault.unavailable();
      if (why !== null) throw new AppError('FORBIDDEN', why);
      if (key.value.trim() === '') throw invalid('#/key/value', 'The key is empty.');
      return 'keystore';
    }
    return null;
  };

  const get = (name: string): Remote => {
    const row = one.get(name) as Remote | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No remote named "${name}". \`identity-desk remote list\` shows them.`);
    return row;
  };

  const list = (): RemoteRecord[] =>
    (all.all() as (Remote & { createdAt: string })[]).map((r) => {
      const s = (state.get(r.name) as { lastPullAt: string | null; lastPushAt: string | null } | undefined) ?? { lastPullAt: null, lastPushAt: null };
      return { name: r.name, url: r.url, kind: r.kind, key: keyRefOf(r.keyRef, vault, r.name), createdAt: r.createdAt, ...s, identities: identities.get(r.name) as number };
    });

  return {
    list,
    get,
    /** The named remote, or the only one when no name is given. */
    pick: (name: string | undefined): Remote => {
      if (name !== undefined) return get(name);
      const rows = all.all() as Remote[];
      if (rows.length === 1) return rows[0] as Remote;
      throw new AppError(
        'NOT_FOUND',
        rows.length === 0 ? 'No remote yet: add one with `identity-desk remote add <name> --url <admin-url>`.' : `This store has ${rows.length} remotes: say which one (--remote <name>).`,
      );
    },
    add: (input: AddRemoteInput, at: string): RemoteRecord => {
      if (!NAME.test(input.name)) throw invalid('#/name', 'A remote name is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.');
      if (!REMOTE_KINDS.includes(input.kind)) throw invalid('#/kind', 'The kind is kratos (self-hosted) or ory-network.');
      if (input.kind === 'ory-network' && input.key.kind === 'none') throw invalid('#/key', 'Ory Network needs a project API key (ory_pat_… or ory_apikey_…).');
      const url = checkRemoteUrl(input.url, input.kind, input.key.kind !== 'none');
      if (one.get(input.name)) throw new AppError('CONFLICT', `A remote named "${input.name}" exists already.`, { pointer: '#/name' });
      const keyRef = keyRefFor(input.key);
      db.transaction(() => {
        insert.run(input.name, url, input.kind, keyRef, at);
        ensureState.run(input.name);
      })();
      // The keystore is written after the row: a failed insert leaves no orphan key.
      if (input.key.kind === 'secret') vault.save(input.name, input.key.value);
      return list().find((r) => r.name === input.name) as RemoteRecord;
    },
    /** Changes a remote's URL, kind or key; without `key` the key stays where it is. Its identities and bases stay. */
    update: (input: UpdateRemoteInput): RemoteRecord => {
      const current = get(input.name);
      if (!REMOTE_KINDS.includes(input.kind)) throw invalid('#/kind', 'The kind is kratos (self-hosted) or ory-network.');
      const keyRef = input.key === undefined ? current.keyRef : keyRefFor(input.key);
      if (input.kind === 'ory-network' && keyRef === null) throw invalid('#/key', 'Ory Network needs a project API key (ory_pat_… or ory_apikey_…).');
      const url = checkRemoteUrl(input.url, input.kind, keyRef !== null);
      update.run(url, input.kind, keyRef, input.name);
      if (input.key?.kind === 'secret') vault.save(input.name, input.key.value);
      else if (current.keyRef === 'keystore' && keyRef !== 'keystore') vault.remove(input.name);
      return list().find((r) => r.name === input.name) as RemoteRecord;
    },
    remove: (name: string): void => {
      const remote = get(name);
      const pending = waiting.get(name) as number;
      if (pending > 0) throw new AppError('CONFLICT', `${pending} local change(s) wait to be pushed to "${name}": push or discard them first (\`identity-desk pending\`).`);
      // Its identities stay as local identities; their bases, conflicts and state go with the remote (ON DELETE CASCADE).
      remove.run(name);
      if (remote.keyRef === 'keystore') vault.remove(name);
    },
    /** The key, read now: from the keystore or the named environment variable. A missing key is an error naming where it was looked for. */
    keyOf: (remote: Remote): string | undefined => {
      if (remote.keyRef === null) return undefined;
      if (remote.keyRef.startsWith('env:')) {
        const variable = remote.keyRef.slice(4);
        const value = env[variable];
        if (value === undefined || value === '') throw new AppError('FORBIDDEN', `The key of remote "${remote.name}" is read from the environment variable ${variable}, which is not set.`);
        return value;
      }
      const value = vault.read(remote.name);
      if (value === undefined) throw new AppError('FORBIDDEN', `The OS keystore has no key for remote "${remote.name}": add the remote again with its key.`);
      return value;
    },
  };
};

export type Remotes = ReturnType<typeof createRemotes>;
