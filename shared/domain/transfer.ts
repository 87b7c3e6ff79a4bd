import type { SearchQuery } from './search';
export const TRANSFER_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type TransferFormat = (typeof TRANSFER_FORMATS)[number];

export interface ImportRequest {
  /** A file path on the machine running the backend. */
  file: string;
  format?: TransferFormat;
  /** CSV only: column header → trait path (`email` or `name.first`); default: header = trait path. */
  mapping?: Record<string, string>;
  /** CSV only: the schema the rows belong to (default schema otherwise). */
  schemaId?: string;
  /** Skip invalid rows and write a report next to the input; otherwise all-or-nothing. */
  skipInvalid?: boolean;
  /** Queue the imported identities for sync as local changes; by default an import is not a local change (design §12). */
  queueForSync?: boolean;
  /** A record whose id is already in the store: fail it (the default), skip it, or overwrite the stored identity. */
  onExisting?: ImportExistingPolicy;
  /** Run every check for real (schemas, uniqueness, also between the file's own rows) and write nothing. */
  dryRun?: boolean;
}

export const IMPORT_EXISTING_POLICIES = ['fail', 'skip', 'overwrite'] as const;
export type ImportExistingPolicy = (typeof IMPORT_EXISTING_POLICIES)[number];

/** Rows that failed the same way: one pointer and message, how many, and the first lines. */
export interface ImportErrorGroup {
  pointer: string;
  message: string;
  count: number;
  lines: number[];
}

export interface ImportRowError {
  line: number;
  /** Where in the line, when the record could not be read (a syntax error). */
  column?: number;
  pointer: string;
  message: string;
  /** Set when a limit refused the row (size, depth, array length, or validation time), not the schema. */
  code?: 'LIMIT_EXCEEDED';
}

export interface ImportReport {
  /** Null for a dry run, which records no operation. */
  operationId: string | null;
  dryRun: boolean;
  /** Rows written (or, in a dry run, that would be): new identities and overwritten ones. */
  imported: number;
  /** Of `imported`, identities that existed and were overwritten. */
  overwritten: number;
  /** Rows whose identity existed and was left as it is: the `skip` policy, or an overwrite that would change nothing. */
  existing: number;
  /** Invalid rows (skip mode and dry runs). */
  skipped: number;
  /** The first invalid rows, in file order. */
  errors: ImportRowError[];
  /** Every invalid row, grouped by pointer and message. */
  groups: ImportErrorGroup[];
  /** Where the skipped rows were described, when any were. */
  /** The file name of the skipped rows' report, written beside the imported file (a name, never a path). */
  reportFile: string | null;
}

/** The identity browser's query (text, filters, dates, order) and how to write it. */
export interface ExportRequest extends Pick<SearchQuery, 'text' | 'schemaId' | 'state' | 'createdFrom' | 'createdTo' | 'updatedFrom' | 'updatedTo' | 'sort' | 'direction'> {
  file: string;
  format: TransferFormat;
  /** Credentials with their config (password hashes), like Kratos's `include_credential`; without it no hash leaves the store. */
  includeCredentials?: boolean;
}

export interface ExportReport {
  exported: number;
  /** The written file's name (a name, never a path). */
  file: string;
}

/**
 * A file the user chose, as the renderer sees it: an opaque, single-use grant the backend maps to a
 * path it chose itself (a dialog, an upload), and a name to show. The renderer never names a path.
 */
export interface FileGrant {
  grant: string;
  name: string;
}

export interface PickFileOptions {
  formats?: TransferFormat[];
}

export interface PickSaveFileOptions {
  format: TransferFormat;
  suggestedName?: string;
}

/** `transfer.importFile` from the renderer: the file is a read grant. */
export type ImportFileRequest = Omit<ImportRequest, 'file'> & { grant: string };
/** `transfer.exportFile` from the renderer: the target is a write grant. */
export type ExportFileRequest = Omit<ExportRequest, 'file'> & { grant: string };

/** `transfer.inspectFile`: what the Import screen shows before the import (the grant is not used up). */
export interface InspectFileRequest {
  grant: string;
  format?: TransferFormat;
  /** The schema for rows without one: the trait columns the mapping can choose from. */
  schemaId?: string;
}

export interface ImportFileInfo {
  name: string;
  format: TransferFormat;
  /** CSV: the header's columns with the trait path (or identity column) suggested for each; null for JSON and NDJSON. */
  columns: { name: string; suggested: string | null }[] | null;
  /** The trait paths of the chosen schema (default schema when none), and the identity columns the import reads. */
  traitPaths: string[];
  identityColumns: string[];
}
