export type { TransferService, TransferServiceDeps } from './transfer-service';
export { createTransferService } from './transfer-service';
export { runImport } from './import-job';
export { runExport } from './export-job';
export { csvCell, neutralizeCell, traitColumns } from './csv-schema';
export { readCsvRecords, readJsonRecords, readLines } from './record-readers';
