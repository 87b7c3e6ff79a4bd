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
}

export interface ImportRowError {
  line: number;
  /** Where in the line, when the record could not be read (a syntax error). */
  column?: number;
  pointer: string;
  message: string;
}

export interface ImportReport {
  operationId: string;
  imported: number;
  skipped: number;
  errors: ImportRowError[];
  /** Where the skipped rows were described, when any were. */
  reportFile: string | null;
}

export interface ExportRequest {
  file: string;
  format: TransferFormat;
  text?: string;
  schemaId?: string;
  state?: 'active' | 'inactive';
}

export interface ExportReport {
  exported: number;
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
