import type { ImportExistingPolicy, ImportFileInfo, ImportFileRequest, TransferFormat } from '../../../shared/domain/transfer';

/** What the Import screen's choices make of a request (the dry run and the import send the same one). */
export interface ImportChoices {
  format: TransferFormat;
  schemaId: string;
  /** CSV column → trait path or identity column; '' ignores the column. */
  mapping: Record<string, string>;
  onExisting: ImportExistingPolicy;
  invalid: 'skip' | 'all';
}

export const initialChoices = (info: ImportFileInfo, schemaId: string): ImportChoices => ({
  format: info.format,
  schemaId,
  mapping: Object.fromEntries((info.columns ?? []).map((c) => [c.name, c.suggested ?? ''])),
  onExisting: 'fail',
  invalid: 'skip',
});

export const importRequest = (grant: string, choices: ImportChoices, dryRun: boolean): ImportFileRequest => ({
  grant,
  format: choices.format,
  ...(choices.schemaId ? { schemaId: choices.schemaId } : {}),
  ...(choices.format === 'csv' ? { mapping: choices.mapping } : {}),
  skipInvalid: choices.invalid === 'skip',
  onExisting: choices.onExisting,
  ...(dryRun ? { dryRun: true } : {}),
});
