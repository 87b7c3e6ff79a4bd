import type { ValidationIssue } from '../../../shared/errors';
import { AppError } from '../../../shared/errors';
import { conflictOf, issuesOf, messageOf, type ConflictInfo } from '../../api/error-details';

export interface WriteFailure {
  message: string;
  issues: ValidationIssue[];
  conflict: ConflictInfo | null;
}

/** What a failed create or update tells the user: field issues, a clash with another identity, or a message. */
export const writeFailure = (err: unknown): WriteFailure => {
  if (!(err instanceof AppError)) return { message: messageOf(err), issues: [], conflict: null };
  const issues = err.code === 'VALIDATION_FAILED' ? issuesOf(err) : [];
  const conflict = conflictOf(err);
  // A clash is also shown on the field that caused it, like a validation error.
  if (conflict) issues.push({ pointer: conflict.pointer, keyword: null, source: 'request', message: `"${conflict.value}" is already used by another identity.` });
  return { message: err.message, issues, conflict };
};
