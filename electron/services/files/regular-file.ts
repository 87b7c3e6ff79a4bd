import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../../../shared/errors';

/**
 * The one way to open a file someone named (issue 17, point 4): only a regular file is read. Opening
 * is non-blocking, so a named pipe cannot hang the open (it did in a config folder), and the type is
 * checked on the opened descriptor, so nothing can swap the file between check and read. A device
 * such as /dev/zero, a folder or a pipe is refused; a file over `maxBytes` is LIMIT_EXCEEDED.
 */
export const openRegularFile = (path: string, what: string, maxBytes: number): { fd: number; size: number } => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${what} does not exist.`);
    if (code === 'EISDIR') throw new AppError('VALIDATION_FAILED', `${what} is a folder, not a file.`);
    throw new AppError('VALIDATION_FAILED', `${what} cannot be read (${typeof code === 'string' ? code : 'error'}).`);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new AppError('VALIDATION_FAILED', `${what} is not a regular file (${stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a pipe' : 'a device or socket'}), so it is not read.`);
  }
  if (stat.size > maxBytes) {
    closeSync(fd);
    throw new AppError('LIMIT_EXCEEDED', `${what} is larger than ${maxBytes} bytes.`);
  }
  return { fd, size: stat.size };
};

/** A whole regular file as bytes, never more than `maxBytes` even if it grows while being read. */
export const readRegularFile = (path: string, what: string, maxBytes: number): Buffer => {
  const { fd } = openRegularFile(path, what, maxBytes);
  try {
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, 1 << 20));
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new AppError('LIMIT_EXCEEDED', `${what} is larger than ${maxBytes} bytes.`);
      parts.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
};

/** Import inputs: a 1M-identity NDJSON export is about 1 GB; 4 GiB leaves room and stops a runaway file. */
export const MAX_IMPORT_FILE_BYTES = 4 * 1024 ** 3;
/** Files the CLI reads whole (schemas, traits, patches, mappings, configs). */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;
