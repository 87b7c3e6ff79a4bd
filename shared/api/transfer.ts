import type { JobId } from '../domain/jobs';
import type { ExportRequest, ImportRequest } from '../domain/transfer';
import { TRANSFER_FORMATS } from '../domain/transfer';
import type { ParamSchemas } from './params';
import { idParam } from './params';

export interface TransferApi {
  /** Starts a streaming import in a worker; follow and cancel it through `jobs` (its report: ImportReport). */
  importFile(request: ImportRequest): Promise<{ jobId: JobId }>;
  /** Starts a streaming export in a worker; follow and cancel it through `jobs` (its report: ExportReport). */
  exportFile(request: ExportRequest): Promise<{ jobId: JobId }>;
  /** A CSV header line with one column per trait leaf of the schema. */
  csvTemplate(schemaId: string): Promise<string>;
}

const path = { type: 'string', minLength: 1, maxLength: 4096 };
const format = { enum: [...TRANSFER_FORMATS] };

export const transferParams = {
  importFile: [
    {
      type: 'object',
      required: ['file'],
      properties: {
        file: path,
        format,
        mapping: { type: 'object', additionalProperties: { type: 'string', maxLength: 512 }, maxProperties: 500 },
        schemaId: idParam,
        skipInvalid: { type: 'boolean' },
      },
      additionalProperties: false,
    },
  ],
  exportFile: [
    {
      type: 'object',
      required: ['file', 'format'],
      properties: { file: path, format, text: { type: 'string', maxLength: 256 }, schemaId: idParam, state: { enum: ['active', 'inactive'] } },
      additionalProperties: false,
    },
  ],
  csvTemplate: [idParam],
} satisfies ParamSchemas<TransferApi>;
