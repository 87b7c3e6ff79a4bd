/**
 * "Try it": the verdicts of both validation profiles on the same traits, and whether they differ
 * (identifier normalization and phone rewriting differ between Kratos v26 and Ory Network). Pure.
 */
import type { ValidationProfile } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';
import type { ValidationIssue } from '../../../shared/errors';
import type { FieldErrors } from '../../form-frame/protocol';
import { addFieldError, issueFieldTargets } from '../identity-browser/identity-view';

export const PROFILE_LABEL: Record<ValidationProfile, string> = { 'kratos-v26': 'Kratos v26 (self-hosted)', 'ory-network': 'Ory Network' };

/** What a user compares between profiles: the verdict and what Kratos derives, not the echo of the traits. */
const observable = (r: ValidationResult) =>
  JSON.stringify([r.valid, r.errors.map((e) => [e.pointer, e.message]), r.credentials, r.verifiable_addresses, r.recovery_addresses]);

export const sameUnderBothProfiles = (a: ValidationResult, b: ValidationResult): boolean => observable(a) === observable(b);

/** Kratos reports some problems twice (the JSON Schema keyword and the extension); one line each is enough. */
export const distinctIssues = (issues: readonly ValidationIssue[]): ValidationIssue[] => {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};


/**
 * Kratos's issues on the preview form's fields. `root` is where the traits sit in the form data:
 * `[]` when the form is the traits object, `['traits']` when it wraps them (registration).
 */
export const issuesOnForm = (issues: readonly ValidationIssue[], root: readonly string[]): FieldErrors => {
  const fields: FieldErrors = {};
  for (const issue of issues) for (const t of issueFieldTargets(issue) ?? []) addFieldError(fields, [...root, ...t.tokens], t.message);
  return fields;
};
