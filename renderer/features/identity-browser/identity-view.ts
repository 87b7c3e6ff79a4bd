/**
 * Pure helpers that turn the contract's data into what the identity browser shows. No React, so
 * they are unit-tested directly (test/unit/renderer/identity-browser).
 */
import type { Identity, IdentifierSource } from '../../../shared/domain/identity';
import { primaryIdentifier } from '../../../shared/domain/identity';
import type { ValidationIssue } from '../../../shared/errors';
import { isRecord, pointerTokens } from '../../../shared/json';
import type { FieldErrors } from '../../form-frame/protocol';
import { parseJsonExact } from '../../../shared/json-numbers';
import { goQuoteString, requiredNames } from '../../../shared/kratos/messages';


/**
 * The identity's name in lists and headings: the primary identifier the store sorts by (one rule,
 * shared/domain/identity), or its id when it has no identifier or address at all.
 */
export const identityLabel = (identity: IdentifierSource & Pick<Identity, 'id'>): string => primaryIdentifier(identity) || identity.id;

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


export interface MappedIssues {
  /** For the form: the traits subtree, as rjsf's ErrorSchema. */
  fields: FieldErrors;
  /** Everything not under `#/traits` (state, metadata, request errors), shown above the form. */
  other: ValidationIssue[];
}

/**
 * Where one issue shows on a form: the pointer's tokens below `#/traits` and the text. Kratos puts a `required`
 * error on the parent object (`#/traits`: missing properties: "email"); a form shows it once, under each missing
 * field, as Kratos words it for that one property, since the field is what the admin has to fill in. null for an
 * issue outside the traits.
 */
export const issueFieldTargets = (issue: ValidationIssue): { tokens: string[]; message: string }[] | null => {
  const segments = pointerTokens(issue.pointer);
  if (segments[0] !== 'traits') return null;
  const at = segments.slice(1);
  const names = issue.keyword === 'required' ? requiredNames(issue.message) : null;
  if (!names || names.length === 0) return [{ tokens: at, message: issue.message }];
  return names.map((name) => ({ tokens: [...at, name], message: `missing properties: ${goQuoteString(name)}` }));
};

/** Adds `message` to the rjsf ErrorSchema node at `tokens` (once). */
export const addFieldError = (fields: FieldErrors, tokens: readonly string[], message: string): void => {
  let node = fields;
  for (const segment of tokens) {
    // `__errors` as a trait name would collide with rjsf's own key; such a trait gets the error at its parent.
    if (segment === '__errors') break;
    const child = node[segment];
    const next: FieldErrors = isRecord(child) ? (child as FieldErrors) : {};
    node[segment] = next;
    node = next;
  }
  const list = node.__errors ?? [];
  if (!list.includes(message)) node.__errors = [...list, message];
};

/** Kratos's issues at Kratos's pointers, placed on the form's fields (the form's root is the `traits` object). */
export const issuesToFieldErrors = (issues: readonly ValidationIssue[]): MappedIssues => {
  const fields: FieldErrors = {};
  const other: ValidationIssue[] = [];
  for (const issue of issues) {
    const targets = issueFieldTargets(issue);
    if (targets === null) other.push(issue);
    else for (const t of targets) addFieldError(fields, t.tokens, t.message);
  }
  return { fields, other };
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

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'] as const;
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'] as const;
const SCHEMA_ONES = ['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;

/** A copy of a schema node with every `default` keyword removed (a property called "default" is a trait and stays). */
const stripDefaults = (node: unknown, depth = 0): unknown => {
  if (!isRecord(node) || depth > 64) return node;
  const out: Record<string, unknown> = { ...node };
  delete out['default'];
  for (const key of SCHEMA_MAPS) {
    const map = out[key];
    if (isRecord(map)) out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, stripDefaults(v, depth + 1)]));
  }
  for (const key of SCHEMA_LISTS) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((v) => stripDefaults(v, depth + 1));
  }
  for (const key of SCHEMA_ONES) if (isRecord(out[key])) out[key] = stripDefaults(out[key], depth + 1);
  return out;
};

/** The defaults of the properties reached from the root (what rjsf's uiSchema can address), as placeholders and help. */
const defaultHints = (node: unknown, depth = 0): Record<string, unknown> => {
  const ui: Record<string, unknown> = {};
  const properties = isRecord(node) ? node['properties'] : undefined;
  if (!isRecord(properties) || depth > 64) return ui;
  for (const [name, child] of Object.entries(properties)) {
    if (!isRecord(child)) continue;
    const hints: Record<string, unknown> = defaultHints(child, depth + 1);
    if ('default' in child && !isRecord(child['default']) && !Array.isArray(child['default'])) {
      const value = child['default'];
      if (typeof value === 'string' || typeof value === 'number') hints['ui:placeholder'] = String(value);
      hints['ui:help'] = `Not set. The schema default is ${JSON.stringify(value)}; it is stored only if you choose it.`;
    }
    if (Object.keys(hints).length > 0) ui[name] = hints;
  }
  return ui;
};

/**
 * The form of a stored identity (issue 16 §4). rjsf starts a form by filling in every `default` the data lacks, so an
 * identity without a defaulted trait opened as edited and a save wrote the default, audited as a change nobody made.
 * Here the defaults are taken out of the form's schema and shown as placeholders and help instead: the form starts
 * from exactly the stored traits, and a default is stored only when the admin sets the field.
 */
export const editFormOf = (formSchema: Record<string, unknown>): { schema: Record<string, unknown>; uiSchema: Record<string, unknown> } => ({
  schema: stripDefaults(formSchema) as Record<string, unknown>,
  uiSchema: defaultHints(formSchema),
});

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
