import type { Api } from '../../shared/api';
import type { FileGrant, TransferFormat } from '../../shared/domain/transfer';
import { AppError, isWireError } from '../../shared/errors';
import { TOKEN_HEADER } from './http-transport';

/**
 * Files between the user and the backend, whichever host runs it: the desktop's own open and save dialogs (the
 * main process writes the file), or, in the web host, an upload of the chosen or dropped file and a download of
 * the export once it is written. Either way the API sees only grants, never paths.
 */
export interface FileTransfer {
  /** True in the desktop app: files are chosen in the system dialog, and a dropped file cannot be read. */
  readonly desktop: boolean;
  /** A file the user chose in the page (web host) or dropped on it, as a read grant. */
  upload(file: File): Promise<FileGrant>;
  /** The system's open dialog (desktop); null when the user cancelled. */
  pick(api: Api, formats: TransferFormat[]): Promise<FileGrant | null>;
  /** Where an export goes: the save dialog (desktop) or a download prepared by the web host. */
  saveTarget(api: Api, format: TransferFormat, suggestedName: string): Promise<FileGrant | null>;
  /** After the export finished: the web host's file is downloaded; the desktop's is already where the user chose. */
  deliver(grant: FileGrant): Promise<void>;
}

const failure = async (response: Response): Promise<AppError> => {
  const body: unknown = await response.json().catch(() => null);
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null;
  return isWireError(error) ? new AppError(error.code, error.message, error.details) : new AppError('INTERNAL', `The host answered ${response.status}.`);
};

/** Hands `blob` to the browser as a download named `name` (a blob URL, revoked right after). */
export const saveBlob = (blob: Blob, name: string): void => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
};

export const createFileTransfer = (options: { desktop: boolean; baseUrl: string; token: string }): FileTransfer => ({
  desktop: options.desktop,
  upload: async (file) => {
    if (options.desktop) throw new AppError('FORBIDDEN', 'Choose the file with "Choose file…": the desktop app reads files through its own dialog.');
    const url = new URL(`api/files.upload?name=${encodeURIComponent(file.name)}`, options.baseUrl);
    const response = await fetch(url, { method: 'POST', headers: { [TOKEN_HEADER]: options.token, 'content-type': 'application/octet-stream' }, body: file });
    if (!response.ok) throw await failure(response);
    const body = (await response.json()) as { ok: boolean; value?: FileGrant };
    if (!body.ok || body.value === undefined) throw new AppError('INTERNAL', 'The upload was not accepted.');
    return body.value;
  },
  pick: (api, formats) => api.app.pickFile({ formats }),
  saveTarget: (api, format, suggestedName) => api.app.pickSaveFile({ format, suggestedName }),
  deliver: async (grant) => {
    if (options.desktop) return;
    const response = await fetch(new URL(`api/files.download?grant=${encodeURIComponent(grant.grant)}`, options.baseUrl), { headers: { [TOKEN_HEADER]: options.token } });
    if (!response.ok) throw await failure(response);
    saveBlob(await response.blob(), grant.name);
  },
});
