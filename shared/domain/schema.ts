/**
 * Identity schemas as the registry and the linter describe them (design §6). Pure types plus the
 * one pure rule the renderer also needs (`nextVersionId`), so both sides agree on version ids.
 */

export const SCHEMA_SOURCES = ['preset', 'config', 'remote', 'user'] as const;
/** Where a schema came from: a bundled preset, an imported Kratos config, a remote pull, or typed in. */
export type SchemaSource = (typeof SCHEMA_SOURCES)[number];

export interface SchemaSummary {
  id: string;
  /** The schema's own `title`, if it has a string one. Text only, never HTML. */
  title: string | null;
  source: SchemaSource;
  /** Identities whose `schema_id` is this id; when > 0 the body can no longer change. */
  identityCount: number;
  isDefault: boolean;
  createdAt: string;
}

export interface SchemaDetail extends SchemaSummary {
  /** The body exactly as stored (the JSON text received), so exports are byte-faithful. */
  text: string;
  body: unknown;
}

/** Kratos allows any string; ids here are URL- and file-safe tokens so exports and CLIs stay unambiguous. */
export const SCHEMA_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._~:@+-]{0,199}$';
/** Kratos reads at most 1 MiB of a schema body (reference §3.5). */
export const MAX_SCHEMA_BYTES = 1024 * 1024;

export interface CreateSchemaInput {
  id: string;
  /** The schema as JSON text or as a parsed value; untrusted either way. */
  schema: string | Record<string, unknown>;
}

export const KRATOS_CONFIG_FORMATS = ['yaml', 'json'] as const;
export type KratosConfigFormat = (typeof KRATOS_CONFIG_FORMATS)[number];

export interface ImportedSchema {
  id: string;
  outcome: 'created' | 'replaced' | 'unchanged';
}

export interface SkippedSchema {
  id: string;
  url: string;
  reason: string;
}

export interface ImportConfigReport {
  imported: ImportedSchema[];
  /** Entries not imported (remote URLs when remote schemas are allowed but cannot be fetched offline). */
  skipped: SkippedSchema[];
  /** The store's default after the import (the config's `default_schema_id` when it was imported). */
  defaultSchemaId: string | null;
}

/** The `identity` block of a Kratos config, as exported (every url is `base64://`). */
export interface KratosIdentityConfig {
  identity: {
    default_schema_id: string;
    schemas: { id: string; url: string }[];
  };
}

export interface ExportedConfig {
  format: KratosConfigFormat;
  text: string;
  config: KratosIdentityConfig;
}

export const LINT_SEVERITIES = ['error', 'warning', 'info'] as const;
export type LintSeverity = (typeof LINT_SEVERITIES)[number];

/** One best-practice finding about a schema; `pointer` is a JSON pointer into the schema (`#/properties/traits/...`). */
export interface LintFinding {
  /** Stable id such as `traits/too-many`; tests and the UI key on it. */
  ruleId: string;
  severity: LintSeverity;
  pointer: string;
  /** One line: what is wrong and why it matters. */
  message: string;
}

const VERSION_SUFFIX = /^(.*)_v(\d+)$/;

/**
 * The id for the next version of a schema: `user_v0` → `user_v1`, `user` → `user_v1`. Used ids are
 * immutable (design §6), so a changed body always gets a new id.
 */
export const nextVersionId = (id: string): string => {
  const match = VERSION_SUFFIX.exec(id);
  if (match && match[1] !== undefined && match[1] !== '' && match[2] !== undefined) {
    return `${match[1]}_v${(BigInt(match[2]) + 1n).toString()}`;
  }
  return `${id}_v1`;
};
