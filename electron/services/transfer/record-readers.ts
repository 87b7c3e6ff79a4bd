import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../shared/errors';
import { MAX_IMPORT_FILE_BYTES, openRegularFile } from '../files/regular-file';

/** One input record and the 1-based line and column it starts on (for errors and the skip report). */
export interface SourceRecord<T> {
  line: number;
  column?: number;
  value: T;
  /** Why the record cannot be read (CSV): it is reported at its line, the rest of the file still reads. */
  problem?: { line: number; column: number; message: string };
}

/** A file that is not what its format says: refused whole, at the place of the first problem. */
export const fileProblem = (format: string, message: string, line: number, column: number): AppError =>
  new AppError('VALIDATION_FAILED', `The file is not valid ${format}: ${message} at line ${line}, column ${column}. Nothing was imported.`, {
    line,
    column,
    pointer: '#',
    issues: [{ pointer: '#', keyword: 'syntax', source: 'request', message: `${message} (line ${line}, column ${column})` }],
  });

export const emptyFile = (message: string): AppError =>
  new AppError('VALIDATION_FAILED', message, { pointer: '#', issues: [{ pointer: '#', keyword: 'minItems', source: 'request', message }] });


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
 * Text after a closing quote and a quote left open at the end are problems of their record, reported
 * with their line and column; a quote inside an unquoted field is kept as text.
 */
export async function* readCsvRecords(file: string): AsyncGenerator<SourceRecord<string[]>> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let column = 0;
  let recordLine = 1;
  let quoteAt = { line: 1, column: 1 };
  let problem: SourceRecord<string[]>['problem'];
  let bomChecked = false;
  let pendingQuote = false;
  const note = (message: string) => {
    problem ??= { line, column, message };
  };
  const endRecord = function* () {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '' && problem === undefined)) yield { line: recordLine, value: record, ...(problem ? { problem } : {}) };
    record = [];
    problem = undefined;
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
        column++;
        start = 1;
      } else {
        quoted = false;
        afterQuote = true;
      }
    }
    for (let i = start; i < text.length; i++) {
      const c = text[i] as string;
      column++;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
            column++;
          } else if (i + 1 < text.length) {
            quoted = false;
            afterQuote = true;
          } else pendingQuote = true; // the next chunk decides: "" (a quote) or the closing quote
        } else {
          if (c === '\n') {
            line++;
            column = 0;
          }
          field += c;
        }
        continue;
      }
      if (c === '"' && field === '' && !afterQuote) {
        quoted = true;
        quoteAt = { line, column };
      } else if (c === ',') {
        record.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n') {
        yield* endRecord();
        afterQuote = false;
        line++;
        column = 0;
        recordLine = line;
      } else if (c !== '\r') {
        // A quote inside an unquoted field (`{"x":1}`) is kept as text, as spreadsheets and most readers do.
        if (afterQuote) note('text after a closing quote (quote the whole field and double the quotes inside)');
        field += c;
      }
    }
  }
  if (quoted && !pendingQuote) {
    problem ??= { ...quoteAt, message: 'a quoted field is never closed' };
  }
  if (field !== '' || record.length > 0 || afterQuote || pendingQuote || problem !== undefined) yield* endRecord();
}

/** NDJSON: one JSON value per line; blank lines are skipped. Parse errors are the caller's. */
export async function* readLines(file: string): AsyncGenerator<SourceRecord<string>> {
  let buffer = '';
  let line = 0;
  let bomChecked = false;
  for await (let text of chunks(file)) {
    if (!bomChecked) {
      bomChecked = true;
      if (text.startsWith('\ufeff')) text = text.slice(1);
    }
    buffer += text;
    let nl = buffer.indexOf('\n');
    while (nl !== -1) {
      line++;
      const value = buffer.slice(0, nl).replace(/\r$/, '');
      if (value.trim() !== '') yield { line, column: 1, value };
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
  }
  if (buffer.trim() !== '') yield { line: line + 1, column: 1, value: buffer };
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const CLOSER: Record<string, string> = { '[': ']', '{': '}' };

/**
 * A Kratos JSON file, streamed: a top-level array of records, or one record object. Each record is cut
 * out as text (tracking strings and brackets) and parsed by the caller, so a bad record is reported at
 * its place. The structure around the records is checked here, and a file whose structure is broken (cut
 * short, garbage, a missing comma, text after the end) is refused at the line and column of the first
 * problem: the records after it cannot be told apart.
 */
export async function* readJsonRecords(file: string): AsyncGenerator<SourceRecord<string>> {
  type State = 'start' | 'before-element' | 'after-comma' | 'element' | 'after-element' | 'end';
  let state: State = 'start';
  let single = false;
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let scalar = false;
  let current = '';
  let line = 1;
  let column = 0;
  let startLine = 1;
  let startColumn = 1;
  let seen = 0;
  let bomChecked = false;
  const problem = (message: string) => fileProblem('JSON', message, line, column);
  for await (let text of chunks(file)) {
    if (!bomChecked) {
      bomChecked = true;
      if (text.startsWith('\ufeff')) text = text.slice(1);
    }
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '\n') {
        line++;
        column = 0;
      } else column++;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            inString = false;
            if (scalar && stack.length === 0) {
              current += text.slice(from, i + 1);
              yield { line: startLine, column: startColumn, value: current };
              seen++;
              current = '';
              state = 'after-element';
            }
          }
          continue;
        }
        if (scalar && stack.length === 0) {
          if (c === ',' || c === ']' || WHITESPACE.has(c)) {
            current += text.slice(from, i);
            yield { line: startLine, column: startColumn, value: current };
            seen++;
            current = '';
            state = 'after-element';
            // The delimiter is read again in the after-element state.
          } else continue;
        } else {
          if (c === '"') inString = true;
          else if (c === '[' || c === '{') stack.push(c);
          else if (c === ']' || c === '}') {
            const open = stack.pop();
            if (open === undefined || CLOSER[open] !== c) throw problem(`"${c}" does not close ${open === undefined ? 'anything' : `the "${open}" before it`}`);
            if (stack.length === 0) {
              current += text.slice(from, i + 1);
              yield { line: startLine, column: startColumn, value: current };
              seen++;
              current = '';
              state = single ? 'end' : 'after-element';
            }
          }
          continue;
        }
      }
      if (WHITESPACE.has(c)) continue;
      if (state === 'start') {
        if (c === '[') state = 'before-element';
        else if (c === '{') {
          single = true;
          state = 'element';
          scalar = false;
          stack.push(c);
          from = i;
          startLine = line;
          startColumn = column;
        } else throw problem(`expected "[" (an array of identities) or "{" (one identity), found ${shown(c)}`);
      } else if (state === 'before-element' || state === 'after-comma') {
        if (c === ']') {
          if (state === 'after-comma') throw problem('a "," before "]" (a trailing comma)');
          state = 'end';
        } else if (c === ',') throw problem('a "," where a record was expected');
        else {
          state = 'element';
          from = i;
          startLine = line;
          startColumn = column;
          scalar = c !== '[' && c !== '{';
          inString = c === '"';
          if (!scalar) stack.push(c);
        }
      } else if (state === 'after-element') {
        if (c === ',') state = 'after-comma';
        else if (c === ']') state = 'end';
        else throw problem(`expected "," or "]" after a record, found ${shown(c)}`);
      } else if (state === 'end') throw problem(`text after the end of the ${single ? 'object' : 'array'}, found ${shown(c)}`);
    }
    if (state === 'element') current += text.slice(from);
  }
  // (TypeScript narrows `state` as if the loop never ran.)
  const last = state as State;
  if (last === 'start') throw emptyFile('The file is empty: there is nothing to import.');
  if (last !== 'end') {
    column++; // the place where the rest was expected
    throw problem(single ? 'the file ends before the object is closed' : 'the file ends before the array is closed (is it cut short?)');
  }
  if (seen === 0) throw emptyFile('The file holds no identities (an empty array): there is nothing to import.');
}

const shown = (c: string): string => (c === '"' ? "'\"'" : `"${c}"`);
