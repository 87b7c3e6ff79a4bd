/**
 * What a failed call tells the user. Errors arrive as data (design §3): a code, a message, and
 * details whose shape depends on the code. These are the only readers of those details.
 */
import { AppError } from '../../shared/errors';
import { isRecord } from '../../shared/json';

export { issuesOf } from '../../shared/errors';

/** The backend's message, for any failure. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const detailsOf = (err: unknown): Record<string, unknown> | null => (err instanceof AppError && isRecord(err.details) ? err.details : null);

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
