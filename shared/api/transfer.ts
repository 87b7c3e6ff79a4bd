import type { JobId } from '../domain/jobs';
import type { ExportFileRequest, ImportFileRequest } from '../domain/transfer';
import { TRANSFER_FORMATS } from '../domain/transfer';
import type { ParamSchemas } from './params';
import { idParam } from './params';

export interface TransferApi {
  /**
   * Starts a streaming import in a worker; progress and the report arrive as job events. The file is
   * a grant from `app.pickFile` (desktop) or an upload (web host): the renderer never names a path.
   */
  importFile(request: ImportFileRequest): Promise<{ jobId: JobId }>;
  /** Exports to a grant from `app.pickSaveFile`; in the web host the file is then downloaded once. */
  exportFile(request: ExportFileRequest): Promise<{ jobId: JobId }>;
  cancel(jobId: JobId): Promise<void>;
  /** A CSV header line with one column per trait leaf of the schema. */
  csvTemplate(schemaId: string): Promise<string>;
}

const grant = { type: 'string', minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };
const format = { enum: [...TRANSFER_FORMATS] };

export const transferParams = {
  importFile: [
    {
      type: 'object',
      required: ['grant'],
      properties: {
        grant,
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
      required: ['grant', 'format'],
      properties: { grant, format, text: { type: 'string', maxLength: 256 }, schemaId: idParam, state: { enum: ['active', 'inactive'] } },
      additionalProperties: false,
    },
  ],
  cancel: [idParam],
  csvTemplate: [idParam],
} satisfies ParamSchemas<TransferApi>;
