/**
 * The schema linter (design §6): pure functions over the schema JSON that report Kratos best
 * practices. It complements the engine, which says whether Kratos accepts a schema; the linter says
 * whether the schema is a good idea. Rule ids are stable: the UI and tests key on them.
 */
import { isRecord } from '../../../../shared/json';
import type { LintFinding, LintSeverity } from '../../../../shared/domain/schema';
import type { LintContext, LintRule } from './context';
import { finding } from './context';
import { codeWithoutVia, extensionPlacement, smsWithoutFormat, verificationAsRecovery } from './rules-extension';
import {
  emailWithoutVerificationOrRecovery,
  identifierWithoutFormat,
  identifierWithoutLength,
  noIdentifier,
  usernameOnly,
} from './rules-identifiers';
import { nonRe2Patterns } from './rules-patterns';
import { authorizationTraits, businessDataTraits, openAdditionalProperties, sensitiveTraits, tooManyTraits, uniqueItemsUnbounded } from './rules-traits';
import { walkTraits } from './walk';

export { re2Problem } from './rules-patterns';

const RULES: readonly LintRule[] = [
  tooManyTraits,
  sensitiveTraits,
  businessDataTraits,
  authorizationTraits,
  noIdentifier,
  identifierWithoutFormat,
  identifierWithoutLength,
  emailWithoutVerificationOrRecovery,
  usernameOnly,
  openAdditionalProperties,
  uniqueItemsUnbounded,
  nonRe2Patterns,
  verificationAsRecovery,
  extensionPlacement,
  codeWithoutVia,
  smsWithoutFormat,
];

const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Lints one schema; never throws, whatever the input. Errors first, then warnings, then info. */
export const lintSchema = (schema: unknown): LintFinding[] => {
  if (!isRecord(schema)) return [finding('schema/not-object', 'error', '#', 'An identity schema must be a JSON object.')];
  const walk = walkTraits(schema);
  const ctx: LintContext = { root: schema, walk };
  const findings = walk.traits
    ? RULES.flatMap((rule) => rule(ctx))
    : [
        finding('schema/no-traits', 'error', '#/properties', 'The schema has no properties.traits object: Kratos requires one.'),
        ...nonRe2Patterns(ctx),
      ];
  if (walk.truncated) {
    findings.push(
      finding('schema/too-large', 'warning', '#', 'The schema is too large or too deeply nested to lint completely; findings are partial.'),
    );
  }
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
};

export const hasLintErrors = (findings: readonly LintFinding[]): boolean => findings.some((f) => f.severity === 'error');
