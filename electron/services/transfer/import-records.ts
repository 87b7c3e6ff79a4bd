import type { ErrorObject } from 'ajv';
import { createIdentityInputSchema } from '../../../shared/api/identities';
import { isRecord } from '../../../shared/json';
import type { CreateIdentityInput, IdentityState } from '../../../shared/domain/identity';
import type { ImportKept } from '../identities/identity-drafts';
import type { StoredCredential } from '../identities/stored-identity';
import type { ImportRequest, TransferFormat } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import { BOUNDED_JSON_KEYWORD } from '../../../shared/json-limits';
import { parseJsonExact } from '../../../shared/json-numbers';
import { createRequestAjv, errorPointer } from '../validation/request-ajv';
import { findProtoKey, forbiddenSegmentMessage, forbiddenSegmentOf, ownValue } from '../../../shared/safe-keys';
import { unneutralizeCell } from './csv-schema';
import { emptyFile, fileProblem, readCsvRecords, readJsonRecords, readLines } from './record-readers';
import { parseJsonText } from '../../../shared/schema-tools/json-text';

/** One import row: the create body and what else of the record is kept, or why it could not even be read. */
export interface ImportRecord {
  line: number;
  input: CreateIdentityInput | null;
  kept?: ImportKept;
  error?: ImportRowIssue;
}

/** Why a row was refused: where, in words, and LIMIT_EXCEEDED when a limit rather than the schema refused it. */
export interface ImportRowIssue {
  pointer: string;
  message: string;
  column?: number;
  code?: 'LIMIT_EXCEEDED';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

type AddressIn = NonNullable<CreateIdentityInput['verifiable_addresses']>[number];

const addresses = (v: unknown): AddressIn[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isRecord).flatMap((a) => {
    const value = str(a['value']);
    if (value === undefined) return [];
    const via = a['via'] === 'sms' ? 'sms' : 'email';
    const status = a['status'] === 'sent' || a['status'] === 'completed' || a['status'] === 'pending' ? a['status'] : undefined;
    const verifiedAt = str(a['verified_at']);
    return [{ value, via, verified: a['verified'] === true, ...(verifiedAt ? { verified_at: verifiedAt } : {}), ...(status ? { status } : {}) }];
  });
};

/**
 * Kratos admin-API JSON (a GET response) or the import shape (createIdentityBody) → our create
 * body. Unknown and computed fields (schema_url, credential identifiers) are dropped; only a
 * password hash is taken from credentials, because identifiers always come from the schema.
 */
export const fromKratosJson = (value: unknown): CreateIdentityInput => {
  if (!isRecord(value)) {
    const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new AppError('VALIDATION_FAILED', `Each record must be a JSON object (an identity); found ${found}.`, { pointer: '#' });
  }
  const proto = findProtoKey(value);
  if (proto !== null) throw new AppError('VALIDATION_FAILED', `The key "__proto__" is not allowed (at ${proto}).`);
  const input: CreateIdentityInput = { traits: value['traits'] ?? {} };
  const id = str(value['id']);
  if (id) input.id = id;
  const schemaId = str(value['schema_id']);
  if (schemaId) input.schema_id = schemaId;
  // Any other state is kept so the create schema refuses it at #/state.
  if (value['state'] !== undefined) input.state = value['state'] as IdentityState;
  if ('metadata_public' in value) input.metadata_public = value['metadata_public'];
  if ('metadata_admin' in value) input.metadata_admin = value['metadata_admin'];
  if (value['external_id'] !== undefined && value['external_id'] !== '' && value['external_id'] !== null) input.external_id = value['external_id'] as string;
  if (typeof value['organization_id'] === 'string') input.organization_id = value['organization_id'];
  for (const key of ['created_at', 'updated_at'] as const) {
    const t = str(value[key]);
    if (t !== undefined && !Number.isNaN(Date.parse(t))) input[key] = t;
  }
  const credentials = value['credentials'];
  const password = isRecord(credentials) && isRecord(credentials['password']) ? credentials['password'] : null;
  const hash = password && isRecord(password['config']) ? str(password['config']['hashed_password']) : undefined;
  if (hash) input.credentials = { password: { config: { hashed_password: hash } } };
  const verifiable = addresses(value['verifiable_addresses']);
  if (verifiable) input.verifiable_addresses = verifiable;
  const recovery = addresses(value['recovery_addresses']);
  if (recovery) input.recovery_addresses = recovery.map((a) => ({ value: a.value, via: a.via ?? 'email' }));
  checkCreateInput(input);
  return input;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timestamp = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 64 && !Number.isNaN(Date.parse(v)) ? v : undefined);
const MAX_CREDENTIAL_BYTES = 64 * 1024;

const keptAddress = (a: unknown): { id?: string; created_at?: string; updated_at?: string } | undefined => {
  if (!isRecord(a)) return undefined;
  const id = typeof a['id'] === 'string' && UUID.test(a['id']) ? a['id'].toLowerCase() : undefined;
  const created = timestamp(a['created_at']);
  const updated = timestamp(a['updated_at']);
  return { ...(id ? { id } : {}), ...(created ? { created_at: created } : {}), ...(updated ? { updated_at: updated } : {}) };
};

/**
 * Credentials as a Kratos export (with `include_credential`) or our own export lists them. Identifiers of the types
 * the schema derives are derived again; a plaintext `password` in a config is never kept (only a hash is).
 */
const keptCredentials = (value: unknown, now: string): Record<string, StoredCredential> | undefined => {
  if (!isRecord(value)) return undefined;
  const out: Record<string, StoredCredential> = {};
  for (const [type, c] of Object.entries(value).slice(0, 32)) {
    if (!isRecord(c) || !/^[a-z_]{1,32}$/.test(type)) continue;
    const identifiers = Array.isArray(c['identifiers']) ? c['identifiers'].filter((i): i is string => typeof i === 'string').slice(0, 100) : [];
    const config = isRecord(c['config']) ? { ...c['config'] } : undefined;
    if (config !== undefined) delete config['password'];
    if (config !== undefined && JSON.stringify(config).length > MAX_CREDENTIAL_BYTES) {
      throw new AppError('LIMIT_EXCEEDED', `The ${type} credential's config is larger than ${MAX_CREDENTIAL_BYTES} bytes.`, { pointer: `#/credentials/${type}/config` });
    }
    if (config !== undefined && findProtoKey(config) !== null) throw new AppError('VALIDATION_FAILED', `The key "__proto__" is not allowed (at #/credentials/${type}/config).`);
    out[type] = {
      type,
      identifiers,
      version: typeof c['version'] === 'number' && Number.isInteger(c['version']) ? c['version'] : 0,
      created_at: timestamp(c['created_at']) ?? now,
      updated_at: timestamp(c['updated_at']) ?? now,
      ...(config === undefined || Object.keys(config).length === 0 ? {} : { config }),
    };
  }
  return Object.keys(out).length === 0 ? undefined : out;
};

/** What an import keeps of a record beyond the create body (see ImportKept); lined up with fromKratosJson's addresses. */
export const keptOf = (value: unknown, now: string): ImportKept => {
  if (!isRecord(value)) return {};
  const lined = (v: unknown) => (Array.isArray(v) ? v.filter((a) => isRecord(a) && str(a['value']) !== undefined).map(keptAddress) : undefined);
  const changed = timestamp(value['state_changed_at']);
  const credentials = keptCredentials(value['credentials'], now);
  const verifiable = lined(value['verifiable_addresses']);
  const recovery = lined(value['recovery_addresses']);
  return {
    ...(changed ? { state_changed_at: changed } : {}),
    ...(credentials ? { credentials } : {}),
    ...(verifiable ? { verifiable } : {}),
    ...(recovery ? { recovery } : {}),
  };
};

/** The router's own check of `identities.create`: one rule for the API and every import row (issue 17 §5). */
const createInputCheck = createRequestAjv().compile(createIdentityInputSchema);

const describeError = (e: ErrorObject): string => {
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  if (e.keyword === 'enum' && Array.isArray(allowed)) return `must be one of: ${allowed.map(String).join(', ')}`;
  return e.message ?? 'is invalid';
};

/** VALIDATION_FAILED (LIMIT_EXCEEDED for size, depth or array length) naming the first offending pointer. */
export const checkCreateInput = (input: CreateIdentityInput): void => {
  if (createInputCheck(input)) return;
  const errors = createInputCheck.errors ?? [];
  const first = errors.find((e) => e.keyword === BOUNDED_JSON_KEYWORD) ?? errors[0];
  if (first === undefined) return;
  const pointer = errorPointer(first);
  const message = `${pointer} ${describeError(first)}`;
  throw new AppError(first.keyword === BOUNDED_JSON_KEYWORD ? 'LIMIT_EXCEEDED' : 'VALIDATION_FAILED', message, {
    pointer,
    issues: [{ pointer, keyword: first.keyword, source: 'request', message: describeError(first) }],
  });
};

/** Sets `a.b.c` in an object, creating parents; headers and mappings are outside text, so no segment may reach a prototype. */
const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const parts = path.split('.');
  const forbidden = forbiddenSegmentOf(parts);
  if (forbidden !== undefined) throw new AppError('VALIDATION_FAILED', `Column target "${path.slice(0, 200)}": ${forbiddenSegmentMessage(forbidden)}.`);
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = ownValue(node, part);
    if (!isRecord(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
};

/** Columns our CSV export writes that are identity fields, never traits; JSON columns hold a JSON cell. */
const JSON_COLUMNS = new Set(['metadata_public', 'metadata_admin', 'verifiable_addresses', 'recovery_addresses', 'credentials']);
const TEXT_COLUMNS = new Set(['id', 'schema_id', 'state', 'state_changed_at', 'external_id', 'organization_id', 'created_at', 'updated_at']);

/** Cell coercion for the traits of one schema (see csv-schema.ts's schemaCoercer). */
export type CellCoercer = (schemaId: string | undefined) => (path: string, cell: string) => unknown;

/** A CSV row → the record it describes (Kratos JSON shape): header names map to trait paths, our own columns to identity fields. */
export const csvRecord = (header: readonly string[], row: readonly string[], mapping: Record<string, string>, coerceFor: CellCoercer, schemaId?: string): Record<string, unknown> => {
  const traits: Record<string, unknown> = {};
  const record: Record<string, unknown> = { traits };
  const targets = header.map((name) => {
    const mapped = ownValue(mapping, name);
    return typeof mapped === 'string' ? mapped : name;
  });
  const schemaColumn = targets.indexOf('schema_id');
  const rowSchema = (schemaColumn === -1 ? '' : unneutralizeCell(row[schemaColumn] ?? '')) || schemaId;
  const coerce = coerceFor(rowSchema);
  targets.forEach((target, i) => {
    const raw = row[i] ?? '';
    if (raw === '' || target === '') return;
    const cell = unneutralizeCell(raw);
    if (JSON_COLUMNS.has(target)) record[target] = parseJsonCell(cell, target);
    else if (target === 'password_hash') record['credentials'] = { ...(isRecord(record['credentials']) ? record['credentials'] : {}), password: { config: { hashed_password: cell } } };
    else if (TEXT_COLUMNS.has(target)) record[target] = cell;
    else {
      const path = target.startsWith('traits.') ? target.slice('traits.'.length) : target;
      setPath(traits, path, coerce(path, cell));
    }
  });
  if (schemaId !== undefined && record['schema_id'] === undefined) record['schema_id'] = schemaId;
  return record;
};

/** A CSV row → create body. */
export const fromCsvRow = (header: readonly string[], row: readonly string[], mapping: Record<string, string>, coerce: (path: string, cell: string) => unknown, schemaId?: string): CreateIdentityInput =>
  fromKratosJson(csvRecord(header, row, mapping, () => coerce, schemaId));

const parseJsonCell = (cell: string, column: string): unknown => {
  try {
    return parseJsonExact(cell, { pointerPrefix: `#/${column}`, source: `the ${column} cell` });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('VALIDATION_FAILED', `Column ${column} must hold JSON.`);
  }
};

export const formatOf = (request: ImportRequest): TransferFormat => {
  if (request.format) return request.format;
  if (/\.csv$/i.test(request.file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(request.file)) return 'ndjson';
  return 'json';
};

const rowError = (line: number, err: unknown): ImportRecord => {
  if (!(err instanceof AppError)) throw err;
  const details = err.details as { pointer?: string; column?: number } | undefined;
  return {
    line,
    input: null,
    error: { pointer: details?.pointer ?? '#', message: err.message, ...(details?.column === undefined ? {} : { column: details.column }), ...(err.code === 'LIMIT_EXCEEDED' ? { code: err.code } : {}) },
  };
};

/**
 * One record's JSON text, parsed exactly; a syntax error names its line and column in the file (the record
 * starts at `line`, `column`), found again by jsonc-parser because JSON.parse only gives an offset.
 */
const parseRecordText = (text: string, line: number, column: number): unknown => {
  try {
    return parseJsonExact(text, { lineOffset: line - 1 });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const first = parseJsonText(text).problems[0];
    const at = first === undefined ? { line, column } : { line: line + first.line - 1, column: first.line === 1 ? column + first.column - 1 : first.column };
    const what = first?.message ?? 'Not valid JSON';
    throw new AppError('VALIDATION_FAILED', `The record is not valid JSON: ${what} at line ${at.line}, column ${at.column}.`, {
      pointer: '#',
      line: at.line,
      column: at.column,
      issues: [{ pointer: '#', keyword: 'syntax', source: 'request', message: `${what} (line ${at.line}, column ${at.column})` }],
    });
  }
};

/** Every record of the input, streamed, as create bodies (or read errors with their line); a file with none is refused. */
export async function* importRecords(request: ImportRequest, coerceFor: CellCoercer): AsyncGenerator<ImportRecord> {
  const read = (line: number, value: unknown): ImportRecord => {
    const input = fromKratosJson(value);
    if (request.schemaId !== undefined && input.schema_id === undefined) input.schema_id = request.schemaId;
    return { line, input, kept: keptOf(value, new Date().toISOString()) };
  };
  const format = formatOf(request);
  if (format === 'csv') {
    let header: string[] | null = null;
    let rows = 0;
    for await (const { line, value, problem } of readCsvRecords(request.file)) {
      if (header === null) {
        if (problem !== undefined) throw fileProblem('CSV', `${problem.message} in the header`, problem.line, problem.column);
        header = value.map((h) => h.trim());
        continue;
      }
      rows++;
      try {
        if (problem !== undefined) throw new AppError('VALIDATION_FAILED', `The CSV record is not valid: ${problem.message} at line ${problem.line}, column ${problem.column}.`, { pointer: '#', column: problem.column });
        if (value.length !== header.length) throw new AppError('VALIDATION_FAILED', `The row has ${value.length} cells; the header has ${header.length}.`, { pointer: '#' });
        yield read(line, csvRecord(header, value, request.mapping ?? {}, coerceFor, request.schemaId));
      } catch (err) {
        yield rowError(line, err);
      }
    }
    if (header === null) throw emptyFile('The file is empty: there is nothing to import.');
    if (rows === 0) throw emptyFile('The file has a header but no rows: there is nothing to import.');
    return;
  }
  // Skip mode commits batch by batch, so a file whose structure breaks further down is refused before anything is written.
  if (format === 'json' && request.skipInvalid === true) for await (const _ of readJsonRecords(request.file));
  const source = format === 'ndjson' ? readLines(request.file) : readJsonRecords(request.file);
  let seen = 0;
  for await (const { line, column, value } of source) {
    seen++;
    try {
      yield read(line, parseRecordText(value, line, column ?? 1));
    } catch (err) {
      yield rowError(line, err);
    }
  }
  if (seen === 0) throw emptyFile('The file is empty: there is nothing to import.');
}
