export { ImportPage } from './ImportPage';
export { ExportDialog } from './ExportDialog';
