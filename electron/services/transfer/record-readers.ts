import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../shared/errors';
import { MAX_IMPORT_FILE_BYTES, openRegularFile } from '../files/regular-file';

/** One input record and the 1-based line it starts on (for the skip report). */
export interface SourceRecord<T> {
  line: number;
  value: T;
}

/** A regular file only (never a pipe or device), and never past the import limit even if it grows meanwhile. */
async function* chunks(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const { fd } = openRegularFile(file, 'The file to import', MAX_IMPORT_FILE_BYTES);
  let total = 0;
  for await (const buf of createReadStream('', { fd, highWaterMark: 1 << 20 })) {
    total += (buf as Buffer).length;
    if (total > MAX_IMPORT_FILE_BYTES) throw new AppError('LIMIT_EXCEEDED', `The file to import is larger than ${MAX_IMPORT_FILE_BYTES} bytes.`);
    yield decoder.write(buf as Buffer);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * RFC 4180 CSV, streamed: quoted fields may hold commas, quotes ("") and newlines; only the
 * current record is ever held in memory, so a million-line file costs no more than one line.
 */
export async function* readCsvRecords(file: string): AsyncGenerator<SourceRecord<string[]>> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let bomChecked = false;
  let pendingQuote = false;
  const endRecord = function* () {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '')) yield { line: recordLine, value: record };
    record = [];
  };
  for await (let text of chunks(file)) {
    if (!bomChecked) {
      bomChecked = true;
      if (text.startsWith('\ufeff')) text = text.slice(1);
    }
    let start = 0;
    if (pendingQuote) {
      pendingQuote = false;
      if (text.startsWith('"')) {
        field += '"';
        start = 1;
      } else {
        quoted = false;
        afterQuote = true;
      }
    }
    for (let i = start; i < text.length; i++) {
      const c = text[i] as string;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else if (i + 1 < text.length) {
            quoted = false;
            afterQuote = true;
          } else pendingQuote = true; // the next chunk decides: "" (a quote) or the closing quote

        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && field === '' && !afterQuote) quoted = true;
      else if (c === ',') {
        record.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n') {
        yield* endRecord();
        afterQuote = false;
        line++;
        recordLine = line;
      } else if (c !== '\r') field += c;
    }
  }
  if (field !== '' || record.length > 0 || afterQuote || pendingQuote) yield* endRecord();
}

/** NDJSON: one JSON value per line; blank lines are skipped. Parse errors are the caller's. */
export async function* readLines(file: string): AsyncGenerator<SourceRecord<string>> {
  let buffer = '';
  let line = 0;
  for await (const text of chunks(file)) {
    buffer += text;
    let nl = buffer.indexOf('\n');
    while (nl !== -1) {
      line++;
      const value = buffer.slice(0, nl).replace(/\r$/, '');
      if (value.trim() !== '') yield { line, value };
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
  }
  if (buffer.trim() !== '') yield { line: line + 1, value: buffer };
}

/**
 * The elements of a top-level JSON array as text, streamed: tracks nesting and strings so each
 * element is cut out without parsing the whole document.
 */
export async function* readJsonArrayElements(file: string): AsyncGenerator<SourceRecord<string>> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  let line = 1;
  let startLine = 1;
  for await (const text of chunks(file)) {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '\n') line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '[' || c === '{') {
        depth++;
        if (depth === 2) {
          from = i;
          startLine = line;
          current = '';
        }
      } else if (c === ']' || c === '}') {
        depth--;
        if (depth === 1) {
          current += text.slice(from, i + 1);
          yield { line: startLine, value: current };
          current = '';
          from = i + 1;
        }
      }
    }
    if (depth >= 2) current += text.slice(from);
  }
}
