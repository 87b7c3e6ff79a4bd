import type { JsonPatchOperation } from '../domain/identity';
import { escapeToken, isRecord, pointerTokens } from '../json';

/**
 * The part of an identity's admin JSON that an admin edits and a push may send (reference §4.4):
 * schema, state, traits, metadata, external and organization ids, unknown top-level fields, the
 * password hash and the `verified` flag of each address. Timestamps, derived addresses and
 * credential identifiers are the server's and never compared or sent.
 *
 * The view has the admin JSON's own shape, so its pointers read like the real ones, with two
 * differences: it holds only `credentials/password/config/hashed_password`, and
 * `verifiable_addresses` is an object keyed by the address value (`/verifiable_addresses/a@b.c/verified`),
 * because an index means nothing once the server re-derives the list.
 */
export type JsonObject = Record<string, unknown>;

/** Top-level fields of the admin JSON that are not edited here (or are edited through the view's own keys). */
const SERVER_FIELDS = new Set(['id', 'schema_url', 'state_changed_at', 'created_at', 'updated_at', 'verifiable_addresses', 'recovery_addresses', 'credentials']);

export const HASH_POINTER = '/credentials/password/config/hashed_password';

export const editableView = (doc: JsonObject): JsonObject => {
  const view: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) if (!SERVER_FIELDS.has(key)) view[key] = value;
  const hash = passwordHash(doc);
  if (hash !== undefined) view['credentials'] = { password: { config: { hashed_password: hash } } };
  const verified: JsonObject = {};
  for (const a of addresses(doc)) verified[a.value] = { verified: a.verified };
  if (Object.keys(verified).length > 0) view['verifiable_addresses'] = verified;
  return view;
};

const passwordHash = (doc: JsonObject): unknown => {
  const credentials = doc['credentials'];
  if (!isRecord(credentials)) return undefined;
  const password = credentials['password'];
  if (!isRecord(password) || !isRecord(password['config'])) return undefined;
  return password['config']['hashed_password'];
};

const addresses = (doc: JsonObject): { value: string; verified: boolean }[] => {
  const list = doc['verifiable_addresses'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => (isRecord(a) && typeof a['value'] === 'string' ? [{ value: a['value'], verified: a['verified'] === true }] : []));
};

/** The value at a pointer of a view (or any JSON), undefined when absent. */
export const valueAt = (doc: unknown, pointer: string): unknown => {
  let node = doc;
  for (const token of pointerTokens(pointer)) {
    if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = node[token];
  }
  return node;
};

/**
 * Turns view operations into the JSON Patch Kratos takes for `target` (the remote identity the patch
 * is applied to). Hash edits become one operation on the hash; a `verified` edit becomes a replace at
 * the address's index in `target`, and is left out when `target` has no such address yet (the server
 * derives it from the traits of this patch; the caller patches `verified` once more afterwards).
 */
export const toKratosPatch = (ops: readonly JsonPatchOperation[], view: JsonObject, target: JsonObject): JsonPatchOperation[] => {
  const out: JsonPatchOperation[] = [];
  let hashDone = false;
  const verifiedDone = new Set<string>();
  const targetAddresses = Array.isArray(target['verifiable_addresses']) ? (target['verifiable_addresses'] as unknown[]) : [];
  for (const op of ops) {
    const tokens = pointerTokens(op.path);
    if (tokens[0] === 'credentials') {
      if (hashDone) continue;
      hashDone = true;
      const hash = valueAt(view, HASH_POINTER);
      out.push(hash === undefined ? { op: 'remove', path: HASH_POINTER } : { op: 'replace', path: HASH_POINTER, value: hash });
    } else if (tokens[0] === 'verifiable_addresses') {
      const values = tokens.length >= 2 ? [tokens[1] as string] : Object.keys(isRecord(view['verifiable_addresses']) ? view['verifiable_addresses'] : {});
      for (const value of values) {
        if (verifiedDone.has(value)) continue;
        verifiedDone.add(value);
        const index = targetAddresses.findIndex((a) => isRecord(a) && a['value'] === value);
        const wanted = valueAt(view, `/verifiable_addresses/${escapeToken(value)}/verified`);
        if (index < 0 || typeof wanted !== 'boolean') continue;
        const current = targetAddresses[index] as JsonObject;
        if (current['verified'] !== wanted) out.push({ op: 'replace', path: `/verifiable_addresses/${index}/verified`, value: wanted });
      }
    } else {
      out.push(op);
    }
  }
  return out;
};
