/**
 * Everything wrong with the schema being edited, in one list for the problems panel and the editor's
 * lint markers: JSON parse errors (local, instant), Kratos's refusals (the engine, via the linter's
 * `schema/invalid` findings) and best-practice findings. Pure, so it is unit-tested directly.
 */
import type { Diagnostic } from '@codemirror/lint';
import type { LintFinding, LintSeverity } from '../../../shared/domain/schema';
import { lineColAt, rangeAtPointer, type JsonParseProblem } from '../../../shared/schema-tools';

export type ProblemSource = 'parse' | 'engine' | 'lint';

export interface Problem {
  /** Stable across refreshes while the problem stays, so React keeps focus on its row. */
  key: string;
  source: ProblemSource;
  severity: LintSeverity;
  /** `json/parse` for parse errors, else the linter's rule id. */
  ruleId: string;
  message: string;
  pointer: string | null;
  from: number;
  to: number;
  line: number;
  column: number;
}

/** Rule ids under which the linter reports the engine's own refusal of a schema. */
const ENGINE_RULES = new Set(['schema/invalid', 'schema/limit-exceeded']);

export const PARSE_RULE = 'json/parse';

export const parseProblemsOf = (problems: readonly JsonParseProblem[]): Problem[] =>
  problems.map((p, i) => ({
    key: `parse:${i}:${p.from}:${p.message}`,
    source: 'parse',
    severity: 'error',
    ruleId: PARSE_RULE,
    message: p.message,
    pointer: null,
    from: p.from,
    to: Math.max(p.to, p.from),
    line: p.line,
    column: p.column,
  }));

/** Findings placed in `text` at their pointer (the value's key when there is one, so the line reads well). */
export const findingProblemsOf = (text: string, findings: readonly LintFinding[]): Problem[] =>
  findings.map((f, i) => {
    const range = rangeAtPointer(text, f.pointer, { preferKey: true }) ?? { from: 0, to: 0 };
    const { line, column } = lineColAt(text, range.from);
    return {
      key: `${f.ruleId}:${f.pointer}:${f.message}:${i}`,
      source: ENGINE_RULES.has(f.ruleId) ? 'engine' : 'lint',
      severity: f.severity,
      ruleId: f.ruleId,
      message: f.message,
      pointer: f.pointer,
      from: range.from,
      to: range.to,
      line,
      column,
    };
  });

const SOURCE_ORDER: Record<ProblemSource, number> = { parse: 0, engine: 1, lint: 2 };
const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Parse errors, then Kratos's refusals, then findings by severity; each group in document order. */
export const sortProblems = (problems: readonly Problem[]): Problem[] =>
  [...problems].sort(
    (a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.from - b.from,
  );

export interface ProblemCounts {
  error: number;
  warning: number;
  info: number;
}

export const countProblems = (problems: readonly Problem[]): ProblemCounts => {
  const counts: ProblemCounts = { error: 0, warning: 0, info: 0 };
  for (const p of problems) counts[p.severity]++;
  return counts;
};

/** The editor's underline and gutter markers; a zero-width range still marks one character. */
export const toDiagnostics = (problems: readonly Problem[], docLength: number): Diagnostic[] =>
  problems.map((p) => {
    const from = Math.min(p.from, docLength);
    const to = Math.min(Math.max(p.to, from + 1), docLength);
    return { from, to: Math.max(from, to), severity: p.severity, source: p.ruleId, message: p.message };
  });
