/**
 * Reads the schema behind one `identity.schemas[].url` of a Kratos config (reference §3.5).
 * `base64://` is decoded; `file://` is read relative to the config's own folder and may not leave
 * it (no `..`, no absolute paths, no symlinks pointing out), because a config file is untrusted
 * input that could otherwise make us read any file the user can; `http(s)://` is never fetched
 * here (offline app): refused, or skipped when the caller allows remote schemas.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ConfigSchemaFile } from '../../../shared/api/schemas';
import { MAX_SCHEMA_BYTES } from './schema-body';

export type ResolvedUrl = { kind: 'text'; text: string } | { kind: 'remote'; reason: string };

export interface UrlContext {
  /** The config's folder; without it (a config pasted as text) `file://` URLs cannot be read from disk. */
  baseDir?: string;
  /** Without a folder: the schema files picked with the config, which `file://` URLs are matched to instead. */
  files?: readonly ConfigSchemaFile[];
  allowRemote?: boolean;
  /** Pointer of the url in the config, for error details (`#/identity/schemas/0/url`). */
  pointer: string;
}

const issue = (pointer: string, message: string) => ({ issues: [{ pointer, keyword: null, source: 'request' as const, message }] });
const fail = (code: 'VALIDATION_FAILED' | 'FORBIDDEN' | 'NOT_FOUND' | 'LIMIT_EXCEEDED', message: string, pointer: string): AppError =>
  new AppError(code, message, issue(pointer, message));

const shown = (url: string): string => JSON.stringify(url.length > 120 ? `${url.slice(0, 117)}...` : url);

export const resolveSchemaUrl = (url: string, ctx: UrlContext): ResolvedUrl => {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'base64') return { kind: 'text', text: decodeBase64Url(url, ctx.pointer) };
  if (scheme === 'file') return { kind: 'text', text: readFileUrl(url, ctx) };
  if (scheme === 'http' || scheme === 'https') {
    if (!ctx.allowRemote) {
      throw fail(
        'FORBIDDEN',
        `Schema URL ${shown(url)} is remote; remote schemas are refused unless explicitly allowed (--allow-remote).`,
        ctx.pointer,
      );
    }
    return {
      kind: 'remote',
      reason: 'Remote schemas are not fetched: Identity Desk works offline. Import the schema as a file or base64:// URL.',
    };
  }
  throw fail('VALIDATION_FAILED', `Schema URL ${shown(url)} has an unsupported scheme: use file://, base64:// or https://.`, ctx.pointer);
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `base64://` + standard base64 (padding optional) of the schema's UTF-8 JSON. */
export const decodeBase64Url = (url: string, pointer: string): string => {
  const data = url.slice('base64://'.length);
  if (!BASE64.test(data) || data.length % 4 === 1) {
    throw fail('VALIDATION_FAILED', 'A base64:// schema URL does not hold standard base64.', pointer);
  }
  if (Math.floor((data.length * 3) / 4) > MAX_SCHEMA_BYTES + 3) {
    throw fail('LIMIT_EXCEEDED', `A base64:// schema is larger than ${MAX_SCHEMA_BYTES} bytes.`, pointer);
  }
  return utf8(Buffer.from(data, 'base64'), 'A base64:// schema', pointer);
};

export const encodeBase64Url = (text: string): string => `base64://${Buffer.from(text, 'utf8').toString('base64')}`;

const utf8 = (bytes: Uint8Array, what: string, pointer: string): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail('VALIDATION_FAILED', `${what} is not UTF-8 text.`, pointer);
  }
};

/** The relative path inside a `file://` URL, refusing every form that could name a place outside the folder. */
const relativePathOf = (url: string, pointer: string): string => {
  let path: string;
  try {
    path = decodeURIComponent(url.slice('file://'.length));
  } catch {
    throw fail('VALIDATION_FAILED', `Schema URL ${shown(url)} is not a valid file:// URL.`, pointer);
  }
  if (path === '' || path.includes('\0')) throw fail('VALIDATION_FAILED', `Schema URL ${shown(url)} names no file.`, pointer);
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith('/') || path.startsWith('\\') || path.startsWith('~')) {
    throw fail(
      'FORBIDDEN',
      `Schema URL ${shown(url)} is an absolute path; only paths relative to the config's folder are read (e.g. file://identity.schema.json).`,
      pointer,
    );
  }
  if (path.split(/[\\/]/).includes('..')) {
    throw fail('FORBIDDEN', `Schema URL ${shown(url)} leaves the config's folder ("..") and is refused.`, pointer);
  }
  return path;
};

const inside = (folder: string, target: string): boolean => {
  const rel = relative(folder, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
};

/** `./a//b.json` and `a\\b.json` as `a/b.json`: how a picked file's name and a URL's path are compared. */
const normalPath = (path: string): string =>
  path
    .split(/[\\/]+/)
    .filter((part) => part !== '' && part !== '.')
    .join('/');

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The picked file a relative `file://` URL names: the one at the same path relative to the config, else the one
 * with its file name when exactly one has it (a file picker gives names, not folders).
 */
const pickedFileText = (url: string, path: string, files: readonly ConfigSchemaFile[], pointer: string): string => {
  const wanted = normalPath(path);
  const byPath = files.filter((f) => normalPath(f.name) === wanted);
  const byName = byPath.length > 0 ? byPath : files.filter((f) => baseName(normalPath(f.name)) === baseName(wanted));
  if (byName.length > 1) {
    throw fail(
      'VALIDATION_FAILED',
      `Schema URL ${shown(url)} matches ${byName.length} of the picked files by name (${byName.map((f) => shown(f.name)).join(', ')}); pick only the one next to the config.`,
      pointer,
    );
  }
  const file = byName[0];
  if (!file) {
    const picked = files.length === 0 ? 'no schema files were picked' : `picked: ${files.map((f) => shown(f.name)).join(', ')}`;
    throw fail('NOT_FOUND', `Schema file ${shown(url)} was not provided: pick it together with the config (${picked}).`, pointer);
  }
  if (Buffer.byteLength(file.text, 'utf8') > MAX_SCHEMA_BYTES) {
    throw fail('LIMIT_EXCEEDED', `Schema file ${shown(url)} is larger than ${MAX_SCHEMA_BYTES} bytes.`, pointer);
  }
  return file.text;
};

const readFileUrl = (url: string, ctx: UrlContext): string => {
  const path = relativePathOf(url, ctx.pointer);
  if (!ctx.baseDir && ctx.files) return pickedFileText(url, path, ctx.files, ctx.pointer);
  if (!ctx.baseDir) {
    throw fail(
      'FORBIDDEN',
      `Schema URL ${shown(url)} is a file:// URL, which can only be read when the config is imported from a file.`,
      ctx.pointer,
    );
  }
  const folder = realpathSync(ctx.baseDir);
  let real: string;
  try {
    real = realpathSync(resolve(folder, path));
  } catch {
    throw fail('NOT_FOUND', `Schema file ${shown(url)} was not found next to the config.`, ctx.pointer);
  }
  // realpath resolves symlinks, so a link inside the folder that points outside it is caught here.
  if (!inside(folder, real)) {
    throw fail(
      'FORBIDDEN',
      `Schema URL ${shown(url)} resolves (through a symbolic link) outside the config's folder and is refused.`,
      ctx.pointer,
    );
  }
  return utf8(readBounded(real, url, ctx.pointer), `Schema file ${shown(url)}`, ctx.pointer);
};

/** Reads at most MAX_SCHEMA_BYTES + 1 from the already-resolved path, so a huge or endless file cannot exhaust memory. */
const readBounded = (real: string, url: string, pointer: string): Uint8Array => {
  // Non-blocking: opening a named pipe for reading would otherwise wait for a writer forever.
  const fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw fail('VALIDATION_FAILED', `Schema URL ${shown(url)} is not a regular file.`, pointer);
    const buffer = Buffer.alloc(MAX_SCHEMA_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_SCHEMA_BYTES)
      throw fail('LIMIT_EXCEEDED', `Schema file ${shown(url)} is larger than ${MAX_SCHEMA_BYTES} bytes.`, pointer);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
};
