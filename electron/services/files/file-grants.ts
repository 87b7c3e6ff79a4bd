import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FileGrant, PickFileOptions, PickSaveFileOptions } from '../../../shared/domain/transfer';
import { AppError } from '../../../shared/errors';
import { MAX_IMPORT_FILE_BYTES, openRegularFile } from './regular-file';

/**
 * The host's way to choose a file: the desktop's open and save dialogs (electron/platform), or none.
 * Paths never leave the backend: the renderer gets an opaque grant and a display name.
 */
export interface FilePicker {
  open(options: PickFileOptions): Promise<string | null>;
  save(options: PickSaveFileOptions): Promise<string | null>;
}

export interface FileGrants {
  /** The desktop's open dialog; null when the user cancels. */
  pickFile(options: PickFileOptions): Promise<FileGrant | null>;
  /** The desktop's save dialog; in the web host a temporary file that is then downloaded once. */
  pickSaveFile(options: PickSaveFileOptions): Promise<FileGrant | null>;
  /** A read grant for a file the backend chose (an upload, or a path the CLI user typed). */
  grantRead(path: string, name?: string): FileGrant;
  grantWrite(path: string, name?: string): FileGrant;
  /**
   * The path behind a grant, once: a grant is single-use and expires. NOT_FOUND otherwise. `keep` reads a read grant
   * without using it up: a dry run, or a look at a CSV header, before the import itself.
   */
  take(grant: string, mode: 'read' | 'write', options?: { keep?: boolean }): string;
  /** A folder in the data directory for uploads and downloads of the web host. */
  scratchFile(extension: string): string;
  /** The finished download behind a write grant taken by an export, once; null if none. */
  takeDownload(grant: string): { path: string; name: string } | null;
}

interface Entry {
  path: string;
  name: string;
  mode: 'read' | 'write';
  expires: number;
  /** A web-host download: served once after the export wrote it, then deleted. */
  download: boolean;
}

const GRANT_TTL_MS = 30 * 60 * 1000;
export const SCRATCH_DIR = 'transfers';
const EXTENSIONS: Record<string, string> = { json: '.json', ndjson: '.ndjson', csv: '.csv' };

export const createFileGrants = (deps: { dataDir: string; picker?: FilePicker; now?: () => number; webDownloads?: boolean }): FileGrants => {
  const now = deps.now ?? Date.now;
  const grants = new Map<string, Entry>();
  const downloads = new Map<string, { path: string; name: string }>();
  const mint = (entry: Omit<Entry, 'expires'>): FileGrant => {
    for (const [id, e] of grants) if (e.expires < now()) grants.delete(id);
    const grant = randomBytes(24).toString('base64url');
    grants.set(grant, { ...entry, expires: now() + GRANT_TTL_MS });
    return { grant, name: entry.name.slice(0, 255) };
  };
  const grantRead = (path: string, name = basename(path)): FileGrant => {
    closeSync(openRegularFile(path, 'The chosen file', MAX_IMPORT_FILE_BYTES).fd);
    return mint({ path, name, mode: 'read', download: false });
  };
  const scratchFile = (extension: string): string => {
    const dir = join(deps.dataDir, SCRATCH_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return join(dir, `${randomBytes(12).toString('hex')}${extension}`);
  };
  return {
    pickFile: async (options) => {
      if (!deps.picker) throw new AppError('FORBIDDEN', 'This host has no file dialog: upload the file instead.');
      const path = await deps.picker.open(options);
      return path === null ? null : grantRead(path);
    },
    pickSaveFile: async (options) => {
      const name = (options.suggestedName ?? `identities${EXTENSIONS[options.format] ?? ''}`).replace(/[/\\]/g, '_');
      if (deps.picker) {
        const path = await deps.picker.save(options);
        return path === null ? null : mint({ path, name: basename(path), mode: 'write', download: false });
      }
      if (!deps.webDownloads) throw new AppError('FORBIDDEN', 'This host has no file dialog.');
      // The web host: the export writes a private scratch file, which the browser then downloads once.
      return mint({ path: scratchFile(EXTENSIONS[options.format] ?? ''), name, mode: 'write', download: true });
    },
    grantRead,
    grantWrite: (path, name = basename(path)) => mint({ path, name, mode: 'write', download: false }),
    take: (grant, mode, options = {}) => {
      const entry = grants.get(grant);
      if (!entry || entry.mode !== mode || entry.expires < now()) throw new AppError('NOT_FOUND', 'No such file grant (it was used already, or has expired): choose the file again.');
      if (options.keep === true && mode === 'read') return entry.path;
      grants.delete(grant);
      if (entry.download) downloads.set(grant, { path: entry.path, name: entry.name });
      return entry.path;
    },
    scratchFile,
    takeDownload: (grant) => {
      const found = downloads.get(grant) ?? null;
      downloads.delete(grant);
      return found;
    },
  };
};

/** Removes a scratch file (an upload after its import, a download after it was served). */
export const removeScratch = (path: string): void => rmSync(path, { force: true });
