import type { JobId } from '../domain/jobs';
import { IDENTITY_STATES } from '../domain/identity';
import type { ExportFileRequest, ImportFileInfo, ImportFileRequest, InspectFileRequest } from '../domain/transfer';
import { IMPORT_EXISTING_POLICIES, TRANSFER_FORMATS } from '../domain/transfer';
import { SEARCH_SORTS } from '../domain/search';
import type { ParamSchemas } from './params';
import { searchTime } from './search';
import { boolean, idParam, object, oneOfValues, record, string } from './params';

export interface TransferApi {
  /**
   * Starts a streaming import in a worker; follow and cancel it through `jobs` (its report: ImportReport). The file is
   * a grant from `app.pickFile` (desktop) or an upload (web host): the renderer never names a path.
   */
  importFile(request: ImportFileRequest): Promise<{ jobId: JobId }>;
  /** Exports to a grant from `app.pickSaveFile`; in the web host the file is then downloaded once. */
  exportFile(request: ExportFileRequest): Promise<{ jobId: JobId }>;
  /** A CSV header line with one column per trait leaf of the schema. */
  csvTemplate(schemaId: string): Promise<string>;
  /** The file's format and, for CSV, its columns with a suggested trait path each; the grant stays usable. */
  inspectFile(request: InspectFileRequest): Promise<ImportFileInfo>;
}

const grant = string({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const format = oneOfValues(TRANSFER_FORMATS);

export const transferParams = {
  importFile: [
    object(
      {
        grant,
        format,
        mapping: record(string({ maxLength: 512 }), { maxProperties: 500 }),
        schemaId: idParam,
        skipInvalid: boolean(),
        queueForSync: boolean(),
        onExisting: oneOfValues(IMPORT_EXISTING_POLICIES),
        dryRun: boolean(),
      },
      { required: ['grant'] },
    ),
  ],
  exportFile: [
    object(
      {
        grant,
        format,
        text: string({ maxLength: 256 }),
        schemaId: idParam,
        state: oneOfValues(IDENTITY_STATES),
        createdFrom: searchTime,
        createdTo: searchTime,
        updatedFrom: searchTime,
        updatedTo: searchTime,
        sort: oneOfValues(SEARCH_SORTS),
        direction: oneOfValues(['asc', 'desc']),
        includeCredentials: boolean(),
      },
      { required: ['grant', 'format'] },
    ),
  ],
  csvTemplate: [idParam],
  inspectFile: [object({ grant, format, schemaId: idParam }, { required: ['grant'] })],
} satisfies ParamSchemas<TransferApi>;
