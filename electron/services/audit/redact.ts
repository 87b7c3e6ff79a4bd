import type { JsonPatchOperation } from '../../../shared/domain/identity';
import { isRecord as isObject } from '../../../shared/json';

/** What the renderer sees instead of a stored credential secret. */
export const REDACTED = '[redacted]';


/** A credentials map with every `config` value (password hashes, TOTP secrets…) redacted. */
const redactCredentials = (credentials: unknown): unknown => {
  if (!isObject(credentials)) return credentials;
  const out: Record<string, unknown> = {};
  for (const [type, c] of Object.entries(credentials)) {
    out[type] = isObject(c) && 'config' in c ? { ...c, config: REDACTED } : c;
  }
  return out;
};

/** A value at `path` of the admin JSON with any credential config in it redacted. */
export const redactAt = (path: string, value: unknown): unknown => {
  if (path === '') return isObject(value) && 'credentials' in value ? { ...value, credentials: redactCredentials(value['credentials']) } : value;
  if (path === '/credentials') return redactCredentials(value);
  const parts = path.split('/');
  // /credentials/<type> or below: the whole credential, its config, or a part of the config.
  if (parts[1] !== 'credentials') return value;
  if (parts.length === 3) return isObject(value) && 'config' in value ? { ...value, config: REDACTED } : value;
  return parts[3] === 'config' ? REDACTED : value;
};

/**
 * The audit keeps whole records, hashes included, so that undo restores them; what leaves the
 * main process never carries a credential's config.
 */
export const redactPatch = (ops: readonly JsonPatchOperation[]): JsonPatchOperation[] =>
  ops.map((o) => (o.op === 'remove' ? o : { ...o, value: redactAt(o.path, o.value) }));
