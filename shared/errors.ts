/**
 * The error model of design §3: errors cross every boundary as data, never as thrown objects,
 * because Electron keeps only `message` from an error thrown in `ipcMain.handle`.
 */
import { isRecord } from './json';

export const ERROR_CODES = [
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION_FAILED',
  'SCHEMA_INVALID',
  'LIMIT_EXCEEDED',
  'REMOTE_UNAVAILABLE',
  'REMOTE_REJECTED',
  'RATE_LIMITED',
  'CANCELLED',
  'FORBIDDEN',
  /** The store is open read-only (written by a newer Identity Desk, or damaged): nothing can change. */
  'READ_ONLY',
  /** The store file is damaged or is not a store; details say what was found and how to recover. */
  'STORE_CORRUPT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem in a document, Kratos style: a JSON pointer into the identity (`#/traits/email`). */
export interface ValidationIssue {
  pointer: string;
  /** The JSON Schema keyword that failed; null for `ory.sh/kratos` extension errors. */
  keyword: string | null;
  source?: 'jsonschema' | 'extension' | 'request';
  message: string;
  /** Kratos's message id (text/id.go) where Kratos has one. */
  messageId?: number;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

export const isWireError = (value: unknown): value is WireError => isRecord(value) && isErrorCode(value['code']) && typeof value['message'] === 'string';

const ISSUE_SOURCES = ['jsonschema', 'extension', 'request'] as const;

/**
 * The `{ issues }` of a VALIDATION_FAILED or SCHEMA_INVALID error's details, each at its pointer.
 * Details cross boundaries as data, so they are read defensively: an item without a string pointer
 * and message is left out. The one reader of issues, for the renderer, the CLI and the services.
 */
export const issuesOf = (err: unknown): ValidationIssue[] => {
  const details = err instanceof AppError ? err.details : isWireError(err) ? err.details : undefined;
  const issues = isRecord(details) ? details['issues'] : undefined;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown): ValidationIssue[] => {
    if (!isRecord(i) || typeof i['pointer'] !== 'string' || typeof i['message'] !== 'string') return [];
    const source = ISSUE_SOURCES.find((s) => s === i['source']);
    return [
      {
        pointer: i['pointer'],
        message: i['message'],
        keyword: typeof i['keyword'] === 'string' ? i['keyword'] : null,
        ...(source ? { source } : {}),
        ...(typeof i['messageId'] === 'number' ? { messageId: i['messageId'] } : {}),
      },
    ];
  });
};

/**
 * Anything thrown becomes a WireError. Unknown errors become a generic INTERNAL so that SQL text,
 * stack traces and file paths never reach the renderer; `log` receives the original for the host's log.
 */
export const toWireError = (err: unknown, log?: (err: unknown) => void): WireError => {
  if (err instanceof AppError) return err.toWire();
  log?.(err);
  return { code: 'INTERNAL', message: 'Something went wrong inside Identity Desk. The details are in its log.' };
};

export const fromWireError = (wire: WireError): AppError => new AppError(wire.code, wire.message, wire.details);
