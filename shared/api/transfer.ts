import type { JobId } from '../domain/jobs';
import { IDENTITY_STATES } from '../domain/identity';
import type { ExportRequest, ImportRequest } from '../domain/transfer';
import { TRANSFER_FORMATS } from '../domain/transfer';
import type { ParamSchemas } from './params';
import { boolean, idParam, object, oneOfValues, record, string } from './params';

export interface TransferApi {
  /** Starts a streaming import in a worker; follow and cancel it through `jobs` (its report: ImportReport). */
  importFile(request: ImportRequest): Promise<{ jobId: JobId }>;
  /** Starts a streaming export in a worker; follow and cancel it through `jobs` (its report: ExportReport). */
  exportFile(request: ExportRequest): Promise<{ jobId: JobId }>;
  /** A CSV header line with one column per trait leaf of the schema. */
  csvTemplate(schemaId: string): Promise<string>;
}

const path = string({ minLength: 1, maxLength: 4096 });
const format = oneOfValues(TRANSFER_FORMATS);

export const transferParams = {
  importFile: [
    object(
      {
        file: path,
        format,
        mapping: record(string({ maxLength: 512 }), { maxProperties: 500 }),
        schemaId: idParam,
        skipInvalid: boolean(),
        queueForSync: boolean(),
      },
      { required: ['file'] },
    ),
  ],
  exportFile: [
    object(
      { file: path, format, text: string({ maxLength: 256 }), schemaId: idParam, state: oneOfValues(IDENTITY_STATES) },
      { required: ['file', 'format'] },
    ),
  ],
  csvTemplate: [idParam],
} satisfies ParamSchemas<TransferApi>;
