export { OperationsPage } from './OperationsPage';
export { BulkEditDialog } from './BulkEditDialog';
