/**
 * Numbers are never silently changed (issue 17 §6). JSON text is parsed into JS doubles, so `12345678901234567890`
 * would be stored as `12345678901234567000` and `1e400` as `null`. Kratos keeps traits as raw JSON, so instead of
 * writing a changed value, every text boundary (HTTP bodies, CLI files, import files, the raw JSON editor) refuses a
 * number literal whose double has a different value, naming its pointer, line and column.
 *
 * The rule: a literal loses when the number the store would write back for it differs from the number written.
 * JSON.stringify writes a double as the shortest decimal that reads back as that double, so the literal and that
 * decimal are compared as canonical decimals (sign, significant digits without leading or trailing zeros, power of
 * ten). So `1.0`, `1e2`, `100`, `0.1`, `0.5`, `-0` and `1.5e300` are kept (stored as `1`, `100`, `100`, `0.1`…: the
 * same numbers); `12345678901234567890` (stored as `12345678901234567000`), `9007199254740993`,
 * `0.1000000000000000055511151231257827` (stored as `0.1`), `1e400` (infinite) and `1e-400` (zero) are
 * refused. Whether a refused number should become a string is the user's decision, so it is never converted.
 */
import { escapeToken } from './json';
import { visit } from 'jsonc-parser';
import type { WireError } from './errors';
import { AppError } from './errors';

export interface LossyNumber {
  literal: string;
  pointer: string;
  /** 1-based, in the text given (add the record's own line for a record of a file). */
  line: number;
  column: number;
}

interface Decimal {
  negative: boolean;
  digits: string;
  /** The value is 0.<digits> × 10^exponent; digits is '' for zero. */
  exponent: number;
}

const NUMBER = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const canonical = (text: string): Decimal | null => {
  const m = NUMBER.exec(text);
  if (m === null) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  let digits = int + frac;
  let exponent = int.length + Number(m[4] ?? '0');
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= lead;
  return digits === '' ? { negative: false, digits: '', exponent: 0 } : { negative: m[1] === '-', digits, exponent };
};

/** True when JSON.parse would change the value of this number literal (see the rule above). */
export const losesValue = (literal: string): boolean => {
  const written = canonical(literal);
  if (written === null) return false;
  const parsed = Number(literal);
  if (!Number.isFinite(parsed)) return true;
  // String() gives the shortest decimal that parses back to the same double: equal to the literal only if exact.
  const kept = canonical(String(parsed).replace(/e\+/, 'e'));
  if (kept === null) return true;
  return written.digits !== kept.digits || (written.digits !== '' && (written.exponent !== kept.exponent || written.negative !== kept.negative));
};

/**
 * A cheap test that no number in the text can lose: literals of up to 15 significant digits with a two-digit
 * exponent always round-trip (a double holds 15 decimal digits; 1e±99 is well inside its normal range). Only text
 * with a run of 16 digits (17 characters with a point) or a three-digit exponent is scanned; strings full of digits
 * only cost the scan.
 */
const MAYBE_LOSSY = /\d{16}|[\d.]{17}|[eE][+-]?\d{3}/;


/** The first number literal in a JSON text that JSON.parse would change, or null. */
export const findLossyNumber = (text: string): LossyNumber | null => {
  if (!MAYBE_LOSSY.test(text)) return null;
  let found: LossyNumber | null = null;
  visit(text, {
    onLiteralValue: (value, offset, length, startLine, startCharacter, pathSupplier) => {
      if (found !== null || typeof value !== 'number') return;
      const literal = text.slice(offset, offset + length);
      if (!losesValue(literal)) return;
      found = { literal, pointer: `#${pathSupplier().map((t) => `/${escapeToken(String(t))}`).join('')}`, line: startLine + 1, column: startCharacter + 1 };
    },
  });
  return found;
};

export interface NumberSource {
  /** Put before the literal's pointer (e.g. `#/args/0`); the record's own pointer otherwise. */
  pointerPrefix?: string;
  /** Lines before the text in its file (a record that starts on line 12 has 11). */
  lineOffset?: number;
  /** What the text is, for the message ("the request body", a file name). */
  source?: string;
}

/** The refusal for a lossy literal: VALIDATION_FAILED naming the number, its pointer and its line. */
export const lossyNumberError = (n: LossyNumber | (Omit<LossyNumber, 'line' | 'column'> & { line?: undefined; column?: undefined }), where: NumberSource = {}): AppError => {
  const pointer = where.pointerPrefix === undefined ? n.pointer : `${where.pointerPrefix}${n.pointer.slice(1)}`;
  const line = n.line === undefined ? undefined : n.line + (where.lineOffset ?? 0);
  const shown = n.literal.length > 40 ? `${n.literal.slice(0, 40)}…` : n.literal;
  const place = [where.source, line === undefined ? undefined : `line ${line}, column ${n.column}`].filter((p) => p !== undefined).join(', ');
  const message = `The number ${shown} at ${pointer}${place ? ` (${place})` : ''} cannot be stored exactly: as a JSON number it would become ${String(Number(n.literal))}. Write it as a string, or with at most 15 significant digits.`;
  return new AppError('VALIDATION_FAILED', message, {
    pointer,
    ...(line === undefined ? {} : { line, column: n.column }),
    issues: [{ pointer, keyword: 'number', source: 'request', message: `${shown} cannot be stored exactly as a number` }],
  });
};

/** JSON.parse for outside text, refusing numbers it would change. Syntax errors are JSON.parse's, unchanged. */
export const parseJsonExact = (text: string, where?: NumberSource): unknown => {
  const value = JSON.parse(text) as unknown;
  const lossy = findLossyNumber(text);
  if (lossy !== null) throw lossyNumberError(lossy, where);
  return value;
};

/** The same rule for a number written in a CSV cell (the importer turns such a cell into a JSON number). */
export const assertCellNumberExact = (cell: string, pointer: string): void => {
  const literal = cell.trim();
  if (losesValue(literal)) throw lossyNumberError({ literal, pointer }, { source: 'a CSV cell' });
};

/** For a transport that answers with data: the refusal as a wire error, or null when every number is kept. */
export const lossyNumberRefusal = (text: string, where?: NumberSource): WireError | null => {
  const lossy = findLossyNumber(text);
  return lossy === null ? null : lossyNumberError(lossy, where).toWire();
};
