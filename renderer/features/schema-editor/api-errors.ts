import { AppError } from '../../../shared/errors';

/** What the user reads for a failed call: the backend's message (errors arrive as data, design §3). */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** `update` answers CONFLICT with the next free version id when identities use the schema. */
export const suggestedIdOf = (err: unknown): string | null => {
  if (!(err instanceof AppError) || err.code !== 'CONFLICT') return null;
  const details = err.details;
  if (typeof details !== 'object' || details === null) return null;
  const suggested = (details as { suggestedId?: unknown }).suggestedId;
  return typeof suggested === 'string' ? suggested : null;
};

export interface IssueLine {
  pointer: string;
  message: string;
}

/** The `{ issues }` a VALIDATION_FAILED or SCHEMA_INVALID error carries, to show under its message. */
export const issuesOf = (err: unknown): IssueLine[] => {
  if (!(err instanceof AppError) || typeof err.details !== 'object' || err.details === null) return [];
  const issues = (err.details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown) => {
    if (typeof i !== 'object' || i === null) return [];
    const { pointer, message } = i as { pointer?: unknown; message?: unknown };
    return typeof pointer === 'string' && typeof message === 'string' ? [{ pointer, message }] : [];
  });
};
