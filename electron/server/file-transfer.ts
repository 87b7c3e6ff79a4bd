import { createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError, toWireError } from '../../shared/errors';
import type { FileGrants } from '../services/files/file-grants';
import { removeScratch } from '../services/files/file-grants';
import { MAX_IMPORT_FILE_BYTES } from '../services/files/regular-file';

/** `POST /api/files.upload?name=<name>` with the file as the body: answers a read grant for transfer.importFile. */
export const UPLOAD_PATH = '/api/files.upload';
/** `GET /api/files.download?grant=<grant>`: the file an export wrote to a pickSaveFile grant, served once. */
export const DOWNLOAD_PATH = '/api/files.download';

const EXTENSION = /\.(json|ndjson|jsonl|csv)$/i;
const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(value));
};

/** Streams the body to a private scratch file in the data directory (never memory), up to `max` bytes. */
export const receiveUpload = async (req: IncomingMessage, res: ServerResponse, files: FileGrants, max = MAX_IMPORT_FILE_BYTES): Promise<void> => {
  const name = (new URL(req.url ?? '/', 'http://localhost').searchParams.get('name') ?? 'upload').replace(/[/\\\0]/g, '_').slice(0, 200);
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > max) {
    res.on('finish', () => req.destroy());
    return json(res, 413, { ok: false, error: { code: 'LIMIT_EXCEEDED', message: `The file is larger than ${max} bytes.` } });
  }
  const path = files.scratchFile(EXTENSION.exec(name)?.[0]?.toLowerCase() ?? '');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > max ? new AppError('LIMIT_EXCEEDED', `The file is larger than ${max} bytes.`) : null, chunk);
    },
  });
  try {
    await pipeline(req, count, createWriteStream(path, { mode: 0o600 }));
    json(res, 200, { ok: true, value: files.grantRead(path, name) });
  } catch (err) {
    removeScratch(path);
    if (!res.headersSent && !res.destroyed) {
      res.on('finish', () => req.destroy());
      json(res, err instanceof AppError && err.code === 'LIMIT_EXCEEDED' ? 413 : 400, { ok: false, error: toWireError(err) });
    }
  }
};

/** Serves the export once, as an attachment, then removes the scratch file. */
export const sendDownload = async (req: IncomingMessage, res: ServerResponse, files: FileGrants): Promise<void> => {
  const grant = new URL(req.url ?? '/', 'http://localhost').searchParams.get('grant') ?? '';
  const found = files.takeDownload(grant);
  if (!found) return json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such download (it was fetched already, or the export has not run).' } });
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.name)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    await pipeline(createReadStream(found.path), res);
  } finally {
    removeScratch(found.path);
  }
};
