/**
 * Locating things in the schema editor's JSON text: parse problems with positions, the text range of a
 * pointer (to put a linter finding or an engine error on the right characters) and the pointer at the
 * cursor. Kratos reads schemas with Go's strict `encoding/json`, so comments and trailing commas are
 * problems here even though jsonc-parser could tolerate them.
 */
import { createScanner, findNodeAtOffset, getNodePath, type Node, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import { formatPointer } from '../json';
import { pointerReadings } from './pointers';

/** UTF-16 offsets into the text (what CodeMirror and `String.prototype.slice` use). */
export interface TextRange {
  from: number;
  to: number;
}

/** 1-based line and column; the column counts UTF-16 code units. */
export interface LineCol {
  line: number;
  column: number;
}

export interface JsonParseProblem {
  message: string;
  from: number;
  to: number;
  line: number;
  column: number;
}

export interface JsonParseResult {
  /** The parsed value; undefined whenever `problems` is non-empty. */
  value: unknown;
  problems: JsonParseProblem[];
}

/** A range found for a pointer; `exact` is false when only an ancestor of the pointer exists in the text. */
export interface PointerRange extends TextRange {
  exact: boolean;
}

/** Beyond this many problems the rest are noise from the first ones. */
const MAX_PROBLEMS = 50;

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

export function lineColAt(text: string, offset: number): LineCol {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    // \r\n is one break, a lone \r is one too (JSON whitespace allows it and CodeMirror splits on it).
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const problemAt = (text: string, message: string, from: number, to: number): JsonParseProblem => ({
  message,
  from,
  to,
  ...lineColAt(text, from),
});

const snippet = (text: string, from: number, length: number): string => {
  const s = text.slice(from, from + Math.max(1, Math.min(length, 20)));
  return length > 20 ? `${s}…` : s;
};

// The enum is `const` in jsonc-parser's typings, which isolatedModules cannot read; its printed names are stable.
type ErrorName = ReturnType<typeof printParseErrorCode>;

/** Plain-language text for a jsonc-parser error; `container` says whether a comma was due in an object or an array. */
const describe = (text: string, code: ErrorName, offset: number, length: number, container: 'object' | 'array' | null): string => {
  const atEnd = offset >= text.length;
  switch (code) {
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'Comments are not allowed in JSON';
    case 'ValueExpected':
      return atEnd ? 'Unexpected end of text' : 'Expected a value';
    case 'PropertyNameExpected':
      return atEnd ? 'Unexpected end of text' : 'Expected a property name in double quotes';
    case 'ColonExpected':
      return atEnd ? 'Unexpected end of text' : 'Expected a colon after the property name';
    case 'CommaExpected':
      return container === 'array' ? 'Expected a comma or closing bracket' : 'Expected a comma or closing brace';
    case 'CloseBraceExpected':
      return atEnd ? 'Unexpected end of text: expected a closing brace' : 'Expected a comma or closing brace';
    case 'CloseBracketExpected':
      return atEnd ? 'Unexpected end of text: expected a closing bracket' : 'Expected a comma or closing bracket';
    case 'EndOfFileExpected':
      return 'Unexpected text after the JSON value';
    case 'UnexpectedEndOfString':
      // jsonc-parser ends a string at a raw line break; JSON wants it escaped, which is the usual cause.
      return /[\r\n]/.test(text.charAt(offset + length))
        ? 'Unterminated string: a line break in a string must be written as \\n'
        : 'Unterminated string';
    case 'UnexpectedEndOfNumber':
    case 'InvalidNumberFormat':
      return 'Invalid number';
    case 'InvalidUnicode':
      return 'Invalid \\u escape in string';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape sequence in string';
    case 'InvalidCharacter':
      return 'Control characters in strings must be escaped';
    case 'InvalidSymbol': {
      const s = snippet(text, offset, length);
      if (s.startsWith('\ufeff')) return 'Unexpected byte order mark';
      if (s.startsWith("'")) return 'Strings must use double quotes';
      return `Unexpected text "${s}"`;
    }
    default:
      return 'Invalid JSON';
  }
};

/** The comma right before `offset` when only whitespace or comments separate them: a trailing comma. */
const trailingCommaBefore = (text: string, commaOffset: number, offset: number): boolean => {
  const close = text.charCodeAt(offset);
  if (close !== 0x7d && close !== 0x5d) return false;
  const scanner = createScanner(text, true);
  scanner.setPosition(commaOffset + 1);
  scanner.scan();
  return scanner.getTokenOffset() === offset;
};

/** JSON.parse's own complaint, for anything jsonc-parser let through (it is slightly more lenient in corners). */
const engineProblem = (text: string, err: unknown): JsonParseProblem => {
  const message = err instanceof Error ? err.message : 'Invalid JSON';
  const position = /at position (\d+)/.exec(message);
  const from = position ? Math.min(Number(position[1]), text.length) : 0;
  return problemAt(text, message.replace(/ in JSON at position \d+.*$/, ''), from, Math.min(from + 1, text.length));
};

/** jsonc-parser's strict pass, its errors turned into positioned, human problems (sorted by offset). */
const syntaxProblems = (text: string): JsonParseProblem[] => {
  const problems: JsonParseProblem[] = [];
  const consumed = new Set<number>();
  const containers: ('object' | 'array')[] = [];
  let lastSeparator: number | null = null;
  let lastValueEnd = 0;
  let sawSyntaxError = false;
  const add = (p: JsonParseProblem, independent: boolean): void => {
    // After a syntax error the parser's recovery guesses, and later errors are mostly echoes of the first;
    // comments and trailing commas are skipped cleanly, so each of those is real and always reported.
    if (!independent && sawSyntaxError) return;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    if (!independent) sawSyntaxError = true;
  };
  const ended = (offset: number, length: number): void => {
    lastValueEnd = offset + length;
  };
  visit(
    text,
    {
      onObjectBegin: () => void containers.push('object'),
      onArrayBegin: () => void containers.push('array'),
      onObjectEnd: (offset, length) => {
        containers.pop();
        ended(offset, length);
      },
      onArrayEnd: (offset, length) => {
        containers.pop();
        ended(offset, length);
      },
      onLiteralValue: (_value, offset, length) => ended(offset, length),
      onSeparator: (character, offset) => {
        if (character === ',') lastSeparator = offset;
      },
      onError: (errorCode, offset, length) => {
        const code = printParseErrorCode(errorCode);
        if (consumed.has(offset)) return;
        consumed.add(offset);
        const isComment = code === 'InvalidCommentToken' || code === 'UnexpectedEndOfComment';
        const expectsMore = code === 'PropertyNameExpected' || code === 'ValueExpected';
        if (lastSeparator !== null && expectsMore && trailingCommaBefore(text, lastSeparator, offset)) {
          add(problemAt(text, 'Trailing commas are not allowed in JSON', lastSeparator, lastSeparator + 1), true);
          return;
        }
        const message = describe(text, code, offset, length, containers[containers.length - 1] ?? null);
        if (code === 'CommaExpected') {
          // The comma belongs right after the previous value, usually at the end of the line before the error.
          add(problemAt(text, message, lastValueEnd, offset + length), false);
          return;
        }
        add(problemAt(text, message, offset, offset + length), isComment);
      },
    },
    STRICT,
  );
  return problems.sort((a, b) => a.from - b.from);
};

/** Strict JSON parse with positioned, human problems. `value` is undefined when there are problems. */
export function parseJsonText(text: string): JsonParseResult {
  const problems = syntaxProblems(text);
  if (problems.length > 0) return { value: undefined, problems };
  try {
    return { value: JSON.parse(text) as unknown, problems: [] };
  } catch (err) {
    return { value: undefined, problems: [engineProblem(text, err)] };
  }
}

/** The tree for locating: lenient, because the editor asks while the user is typing. */
const lenientTree = (text: string): Node | undefined => parseTree(text, [], { disallowComments: false, allowTrailingComma: true });

interface Walked {
  node: Node;
  /** The property node when the last step went through an object key. */
  property: Node | null;
  depth: number;
}

const walk = (root: Node, tokens: readonly string[]): Walked => {
  let current: Walked = { node: root, property: null, depth: 0 };
  for (const token of tokens) {
    const { node } = current;
    let next: Walked | null = null;
    if (node.type === 'object') {
      // Duplicate keys: the last one wins, as in JSON.parse and Go.
      const property = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === token);
      const value = property?.children?.[1];
      if (property && value) next = { node: value, property, depth: current.depth + 1 };
    } else if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(token)) {
      const item = node.children?.[Number(token)];
      if (item) next = { node: item, property: null, depth: current.depth + 1 };
    }
    if (!next) break;
    current = next;
  }
  return current;
};

/**
 * The text range of the node a schema-document pointer names (`#/properties/traits/properties/email`,
 * `/properties/...`, `''` or `#` for the root). A pointer that no longer exists falls back to its closest
 * existing ancestor (`exact: false`). For a property the key is returned when `preferKey` (default), else
 * the value. Null only when the text has no JSON value at all.
 */
export function rangeAtPointer(text: string, pointer: string, options: { preferKey?: boolean } = {}): PointerRange | null {
  const root = lenientTree(text);
  if (!root) return null;
  const preferKey = options.preferKey ?? true;
  let best: { walked: Walked; exact: boolean } | null = null;
  for (const tokens of pointerReadings(pointer)) {
    const walked = walk(root, tokens);
    const exact = walked.depth === tokens.length;
    if (!best || (exact && !best.exact) || (exact === best.exact && walked.depth > best.walked.depth)) best = { walked, exact };
  }
  if (!best) return null;
  const { node, property } = best.walked;
  const key = property?.children?.[0];
  const target = preferKey && key ? key : node;
  return { from: target.offset, to: target.offset + target.length, exact: best.exact };
}

/** The pointer (`#/…`) of the innermost node at an offset; null when the text has no JSON value at all. */
export function pointerAtOffset(text: string, offset: number): string | null {
  const root = lenientTree(text);
  if (!root) return null;
  const node = findNodeAtOffset(root, Math.max(0, Math.min(offset, text.length)), true);
  return node ? formatPointer(getNodePath(node)) : '#';
}
