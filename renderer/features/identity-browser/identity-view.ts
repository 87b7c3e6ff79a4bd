/**
 * Pure helpers that turn the contract's data into what the identity browser shows. No React, so
 * they are unit-tested directly (test/unit/renderer/identity-browser).
 */
import type { Identity } from '../../../shared/domain/identity';
import type { ValidationIssue } from '../../../shared/errors';
import type { FieldErrors } from '../../form-frame/protocol';
import { parseJsonExact } from '../../../shared/json-numbers';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Preference order of the credential whose identifier names a person (Kratos login identifiers). */
const CREDENTIAL_ORDER = ['password', 'code', 'webauthn', 'passkey'];

/** What support recognises someone by: a login identifier, else an address, else a string trait, else the id. */
export const primaryIdentifier = (identity: Pick<Identity, 'id' | 'credentials' | 'verifiable_addresses' | 'traits'>): string => {
  const types = [...CREDENTIAL_ORDER, ...Object.keys(identity.credentials ?? {})];
  for (const type of types) {
    const first = identity.credentials?.[type]?.identifiers[0];
    if (first) return first;
  }
  const address = identity.verifiable_addresses?.[0]?.value;
  if (address) return address;
  if (isRecord(identity.traits)) {
    for (const key of ['email', 'username', 'phone']) {
      const value = identity.traits[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return identity.id;
};

/** The trait holding a person's name, and the parts of an object-shaped one, in reading order (also name-column.ts). */
export const NAME_TRAIT = 'name';
export const NAME_PARTS = ['first', 'given', 'middle', 'last', 'family'] as const;

/** A person's name from common trait shapes: `name: "…"` or `name: { first, last }`; null when absent. */
export const displayName = (traits: unknown): string | null => {
  if (!isRecord(traits)) return null;
  const name = traits[NAME_TRAIT];
  if (typeof name === 'string') return name.trim() || null;
  if (isRecord(name)) {
    const parts = NAME_PARTS.map((k) => name[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length > 0 ? parts.join(' ') : null;
  }
  return null;
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Raw RFC 3339 strings are kept as received; the UI shows them in the user's locale. */
export const formatTimestamp = (raw: string | undefined): string => {
  if (!raw) return '—';
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? raw : dateFormat.format(date);
};

/** RFC 6901 pointer (`#/traits/a~1b/0`) into its unescaped segments. */
export const pointerSegments = (pointer: string): string[] =>
  pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

export interface MappedIssues {
  /** For the form: the traits subtree, as rjsf's ErrorSchema. */
  fields: FieldErrors;
  /** Everything not under `#/traits` (state, metadata, request errors), shown above the form. */
  other: ValidationIssue[];
}

/**
 * Kratos's issues at Kratos's pointers, placed on the form's fields (the form's root is the
 * `traits` object). A `required` error sits on the parent, as in Kratos.
 */
export const issuesToFieldErrors = (issues: readonly ValidationIssue[]): MappedIssues => {
  const fields: FieldErrors = {};
  const other: ValidationIssue[] = [];
  for (const issue of issues) {
    const segments = pointerSegments(issue.pointer);
    if (segments[0] !== 'traits') {
      other.push(issue);
      continue;
    }
    let node = fields;
    for (const segment of segments.slice(1)) {
      // `__errors` as a trait name would collide with rjsf's own key; such a trait gets the error at its parent.
      if (segment === '__errors') break;
      const child = node[segment];
      const next: FieldErrors = isRecord(child) ? (child as FieldErrors) : {};
      node[segment] = next;
      node = next;
    }
    node.__errors = [...(node.__errors ?? []), issue.message];
  }
  return { fields, other };
};

/** Reads `{ issues: ValidationIssue[] }` from a VALIDATION_FAILED error's details. */
export const issuesFromDetails = (details: unknown): ValidationIssue[] => {
  if (!isRecord(details) || !Array.isArray(details['issues'])) return [];
  return details['issues'].filter(
    (i): i is ValidationIssue => isRecord(i) && typeof i['pointer'] === 'string' && typeof i['message'] === 'string',
  );
};

export interface ConflictInfo {
  pointer: string;
  value: string;
  identityId: string;
  /** e.g. `password` or `email:verifiable`; shown as the kind of identifier that clashed. */
  type: string | null;
}

/** A CONFLICT's details: which field, which value, which other identity (design §3). */
export const conflictFromDetails = (details: unknown): ConflictInfo | null => {
  if (!isRecord(details)) return null;
  const { pointer, value, identityId, type } = details;
  if (typeof pointer !== 'string' || typeof identityId !== 'string') return null;
  return {
    pointer,
    value: typeof value === 'string' ? value : String(value ?? ''),
    identityId,
    type: typeof type === 'string' ? type : null,
  };
};

/**
 * The form's schema: the identity schema's `traits` subtree, with the root's definitions kept
 * so local `$ref`s (`#/definitions/…`, `#/$defs/…`) still resolve. `$id` and `$schema` are dropped:
 * rjsf's ajv would otherwise register the id twice or refuse drafts it does not bundle.
 */
export const traitsFormSchema = (schemaBody: unknown): Record<string, unknown> => {
  if (!isRecord(schemaBody)) return { type: 'object' };
  const properties = schemaBody['properties'];
  const traits = isRecord(properties) && isRecord(properties['traits']) ? properties['traits'] : { type: 'object' };
  const result: Record<string, unknown> = { ...traits };
  for (const key of ['definitions', '$defs']) if (schemaBody[key] !== undefined && result[key] === undefined) result[key] = schemaBody[key];
  delete result['$id'];
  delete result['$schema'];
  return result;
};

/** Parses a metadata editor's text: empty means null (Kratos shows unset metadata as null). */
export const parseMetadata = (text: string): { ok: true; value: unknown } | { ok: false; message: string } => {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    // A number JSON.parse would change is refused here, with its pointer and line (issue 17 §6).
    return { ok: true, value: parseJsonExact(text) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : 'Not valid JSON' };
  }
};

export const metadataText = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));
