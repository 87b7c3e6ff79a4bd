/**
 * What a failed call tells the user. Errors arrive as data (design §3): a code, a message, and
 * details whose shape depends on the code. These are the only readers of those details.
 */
import { AppError, type ValidationIssue } from '../../shared/errors';
import { isRecord } from '../../shared/json';

/** The backend's message, for any failure. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const detailsOf = (err: unknown): Record<string, unknown> | null => (err instanceof AppError && isRecord(err.details) ? err.details : null);

/**
 * The `{ issues }` a VALIDATION_FAILED or SCHEMA_INVALID error carries, each at its pointer.
 * Items that are not issues (no string pointer and message) are left out.
 */
export const issuesOf = (err: unknown): ValidationIssue[] => {
  const issues = detailsOf(err)?.['issues'];
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown): ValidationIssue[] => {
    if (!isRecord(i) || typeof i['pointer'] !== 'string' || typeof i['message'] !== 'string') return [];
    const source = i['source'];
    return [
      {
        pointer: i['pointer'],
        message: i['message'],
        keyword: typeof i['keyword'] === 'string' ? i['keyword'] : null,
        ...(source === 'jsonschema' || source === 'extension' || source === 'request' ? { source } : {}),
        ...(typeof i['messageId'] === 'number' ? { messageId: i['messageId'] } : {}),
      },
    ];
  });
};

/** `schemas.update` answers CONFLICT with the next free version id when identities use the schema. */
export const suggestedIdOf = (err: unknown): string | null => {
  if (!(err instanceof AppError) || err.code !== 'CONFLICT') return null;
  const suggested = detailsOf(err)?.['suggestedId'];
  return typeof suggested === 'string' ? suggested : null;
};

export interface ConflictInfo {
  pointer: string;
  value: string;
  identityId: string;
  /** e.g. `password` or `email:verifiable`; shown as the kind of identifier that clashed. */
  type: string | null;
}

/** An identity write's CONFLICT: which field, which value, which other identity holds it (design §3). */
export const conflictOf = (err: unknown): ConflictInfo | null => {
  if (!(err instanceof AppError) || err.code !== 'CONFLICT') return null;
  const details = detailsOf(err);
  if (!details) return null;
  const { pointer, value, identityId, type } = details;
  if (typeof pointer !== 'string' || typeof identityId !== 'string') return null;
  return {
    pointer,
    value: typeof value === 'string' ? value : String(value ?? ''),
    identityId,
    type: typeof type === 'string' ? type : null,
  };
};
