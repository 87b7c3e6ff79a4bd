import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { badRequestReason } from './errors';
import { isObject, jsonTypeName, type EmulatorKind, type JsonObject } from './model';

/**
 * Trait validation and derived data, enough for a test tool: ajv (draft-07) over `{traits}` with
 * Kratos's formats approximated, errors rendered in ory/jsonschema's `I[…] S[…] message` shape, and the
 * `ory.sh/kratos` extension walked for identifiers and addresses (reference §2.2–2.3).
 * Not done: RE2 patterns, formats on non-strings, per-version email/recovery format checks inside the
 * extension, PRECIS beyond NFKC plus invisible-character stripping.
 */
const EMAIL_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

const isKratosEmail = (value: string): boolean => {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).replace(/\.$/, '');
  if (local.length > 64 || domain.length === 0 || domain.length > 253) return false;
  const quoted = local.startsWith('"') && local.endsWith('"') && local.length >= 2;
  if (!quoted && (local.startsWith('.') || local.endsWith('.') || local.includes('..') || /[\s"(),:;<>@[\\\]]/.test(local))) {
    return false;
  }
  return domain.split('.').every((label) => EMAIL_LABEL.test(label));
};

const createTraitsAjv = (): Ajv => {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, logger: false, validateSchema: false });
  ajv.addFormat('email', isKratosEmail);
  ajv.addFormat('tel', (value: string) => isValidPhoneNumber(value));
  ajv.addFormat('no-validate', () => true);
  ajv.addFormat('date', (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  ajv.addFormat('time', /^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  return ajv;
};

const leafMessage = (error: ErrorObject): string => {
  const params = error.params as Record<string, unknown>;
  const data: unknown = error.data;
  switch (error.keyword) {
    case 'type':
      return `expected ${String(params.type)}, but got ${jsonTypeName(data)}`;
    case 'required':
      return `missing properties: ${JSON.stringify(params.missingProperty)}`;
    case 'format':
      return `${JSON.stringify(data)} is not valid ${JSON.stringify(params.format)}`;
    case 'minLength':
      return `length must be >= ${String(params.limit)}, but got ${[...String(data)].length}`;
    case 'maxLength':
      return `length must be <= ${String(params.limit)}, but got ${[...String(data)].length}`;
    case 'pattern':
      return `does not match pattern ${JSON.stringify(params.pattern)}`;
    case 'enum':
      return `value must be one of ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `value must be ${JSON.stringify(params.allowedValue)}`;
    case 'minimum':
      return `must be >= ${String(params.limit)} but found ${String(data)}`;
    case 'maximum':
      return `must be <= ${String(params.limit)} but found ${String(data)}`;
    case 'additionalProperties':
      return `additionalProperties ${JSON.stringify(params.additionalProperty)} not allowed`;
    case 'minItems':
      return `minimum ${String(params.limit)} items allowed, but found ${Array.isArray(data) ? data.length : 0} items`;
    case 'maxItems':
      return `maximum ${String(params.limit)} items allowed, but found ${Array.isArray(data) ? data.length : 0} items`;
    default:
      return error.message ?? error.keyword;
  }
};

const errorLine = (error: ErrorObject): string => `I[#${error.instancePath}] S[${error.schemaPath}] ${leafMessage(error)}`;

/** The ory/jsonschema error string Kratos puts into `error.reason` (reference §3.4). */
export const formatValidationErrors = (errors: readonly ErrorObject[]): string => {
  const lines = errors.filter((e) => !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword)).map(errorLine);
  if (lines.length === 1 && lines[0] !== undefined) return lines[0];
  return ['I[#] S[#] validation failed', ...lines.map((l) => `  ${l}`)].join('\n');
};

export interface DerivedData {
  /** Per credential type the identifiers the schema flags; a type absent here is left untouched. */
  identifiers: Map<string, string[]>;
  codeAddresses: { channel: string; address: string }[];
  verifiable: { via: string; value: string }[];
  recovery: { via: string; value: string }[];
}

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** v26.2.0 lowercases and trims; HEAD (Ory Network) adds NFKC and strips invisible characters (§2.4). */
export const normalizeIdentifier = (kind: EmulatorKind, value: string): string =>
  kind === 'kratos' ? value.trim().toLowerCase() : value.normalize('NFKC').replace(INVISIBLE, '').trim().toLowerCase();

const toE164 = (value: string): string => {
  try {
    const parsed = parsePhoneNumberWithError(value);
    if (parsed.isValid()) return parsed.number;
  } catch {
    // Unparseable: a validation error, as Kratos reports it for sms identifiers.
  }
  throw badRequestReason(`the provided phone number ${JSON.stringify(value)} is not valid`);
};

type Extension = {
  credentials?: {
    password?: { identifier?: boolean };
    webauthn?: { identifier?: boolean };
    code?: { identifier?: boolean; via?: string };
  };
  verification?: { via?: string };
  recovery?: { via?: string };
};

const resolveRef = (root: JsonObject, ref: string): JsonObject | undefined => {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref
    .slice(1)
    .split('/')
    .filter((s) => s !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return isObject(node) ? node : undefined;
};

/** Walks schema and value together; the hook fires for every node with `ory.sh/kratos` and a value. */
export const deriveData = (kind: EmulatorKind, schema: JsonObject, traits: unknown): DerivedData => {
  const out: DerivedData = { identifiers: new Map(), codeAddresses: [], verifiable: [], recovery: [] };
  const add = (type: string, value: string): void => {
    const list = out.identifiers.get(type) ?? [];
    if (!list.includes(value)) list.push(value);
    out.identifiers.set(type, list);
  };
  const hook = (extension: Extension, raw: unknown): void => {
    if (typeof raw !== 'string' && typeof raw !== 'number') return;
    const value = String(raw);
    const credentials = extension.credentials;
    if (credentials?.password?.identifier === true) add('password', normalizeIdentifier(kind, value));
    if (credentials?.webauthn?.identifier === true) add('webauthn', normalizeIdentifier(kind, value));
    if (credentials?.code?.identifier === true) {
      const channel = credentials.code.via ?? '';
      const address = channel === 'sms' ? toE164(value) : normalizeIdentifier(kind, value);
      add('code', address);
      if (!out.codeAddresses.some((a) => a.address === address && a.channel === channel)) out.codeAddresses.push({ channel, address });
    }
    const addressValue = (via: string): string =>
      via === 'email' ? normalizeIdentifier(kind, value) : kind === 'ory-network' ? toE164(value) : value.trim();
    const verification = extension.verification?.via;
    if (verification !== undefined) {
      const entry = { via: verification, value: addressValue(verification) };
      if (!out.verifiable.some((a) => a.via === entry.via && a.value === entry.value)) out.verifiable.push(entry);
    }
    const recovery = extension.recovery?.via;
    if (recovery !== undefined) {
      const entry = { via: recovery, value: addressValue(recovery) };
      if (!out.recovery.some((a) => a.via === entry.via && a.value === entry.value)) out.recovery.push(entry);
    }
  };
  const walk = (node: JsonObject, value: unknown, depth: number): void => {
    if (depth > 64 || value === undefined) return;
    const ref = typeof node.$ref === 'string' ? resolveRef(schema, node.$ref) : undefined;
    if (ref !== undefined) walk(ref, value, depth + 1);
    const extension = node['ory.sh/kratos'];
    if (isObject(extension)) hook(extension as Extension, value);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) for (const sub of list) if (isObject(sub)) walk(sub, value, depth + 1);
    }
    if (isObject(value) && isObject(node.properties)) {
      for (const [key, sub] of Object.entries(node.properties)) if (isObject(sub) && key in value) walk(sub, value[key], depth + 1);
    }
    if (Array.isArray(value)) {
      const items = node.items;
      value.forEach((item, i) => {
        const sub = Array.isArray(items) ? items[i] : items;
        if (isObject(sub)) walk(sub, item, depth + 1);
      });
    }
  };
  const traitsSchema = isObject(schema.properties) ? schema.properties.traits : undefined;
  if (isObject(traitsSchema)) walk(traitsSchema, traits, 0);
  out.codeAddresses.sort((a, b) => (a.address === b.address ? a.channel.localeCompare(b.channel) : a.address < b.address ? -1 : 1));
  return out;
};

export interface TraitsValidator {
  /** Throws the Kratos 400 (reason = ory/jsonschema text) when `{traits}` fails the schema. */
  validate(schema: JsonObject, traits: unknown): void;
}

export const createTraitsValidator = (): TraitsValidator => {
  const ajv = createTraitsAjv();
  // Keyed by the schema object, so a test that swaps a schema body gets a fresh compile.
  const compiled = new WeakMap<JsonObject, ValidateFunction>();
  return {
    validate: (schema, traits) => {
      let validate = compiled.get(schema);
      if (validate === undefined) {
        const { $id: _id, $schema: _dialect, ...body } = schema;
        validate = ajv.compile(body);
        compiled.set(schema, validate);
      }
      if (!validate({ traits })) throw badRequestReason(formatValidationErrors(validate.errors ?? []));
    },
  };
};
