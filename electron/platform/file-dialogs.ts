import { BrowserWindow, dialog } from 'electron';
import type { TransferFormat } from '../../shared/domain/transfer';
import type { FilePicker } from '../services/files/file-grants';

const FILTERS: Record<TransferFormat, { name: string; extensions: string[] }> = {
  json: { name: 'Kratos JSON', extensions: ['json'] },
  ndjson: { name: 'NDJSON', extensions: ['ndjson', 'jsonl'] },
  csv: { name: 'CSV', extensions: ['csv'] },
};

/**
 * The desktop's file choice happens here, in the main process: the user picks in the OS dialog, and
 * the renderer gets only a grant (services/files/file-grants.ts). A script in the page cannot name a path.
 */
export const createDialogPicker = (): FilePicker => ({
  open: async (options) => {
    const window = BrowserWindow.getFocusedWindow();
    const settings = {
      properties: ['openFile' as const],
      filters: (options.formats ?? (['json', 'ndjson', 'csv'] as TransferFormat[])).map((f) => FILTERS[f]),
    };
    const result = window ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  save: async (options) => {
    const window = BrowserWindow.getFocusedWindow();
    const settings = { defaultPath: options.suggestedName ?? `identities.${options.format}`, filters: [FILTERS[options.format]] };
    const result = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
    return result.canceled ? null : (result.filePath ?? null);
  },
});
