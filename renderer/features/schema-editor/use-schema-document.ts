import { useMemo, useRef } from 'react';
import { flowForms, parseJsonText, type FlowForm } from '../../../shared/schema-tools';
import type { EditorDiagnostics } from './CodeEditor';
import {
  countProblems,
  findingProblemsOf,
  parseProblemsOf,
  sortProblems,
  toDiagnostics,
  type Problem,
  type ProblemCounts,
} from './problems';
import { useSchemaLint } from './use-schema-lint';

export interface SchemaDocument {
  parses: boolean;
  /** The parsed body, or the last one that parsed while the text does not. */
  body: unknown;
  /** The text `body` came from. */
  goodText: string;
  /** Counts bodies: the preview echoes it once it has painted one. */
  version: number;
  forms: FlowForm[];
  problems: Problem[];
  counts: ProblemCounts;
  diagnostics: EditorDiagnostics;
  checking: boolean;
  lintNote: string | null;
  /** Kratos refuses the schema (an engine finding on the current text). */
  refused: boolean;
}

const ENGINE = new Set(['schema/invalid', 'schema/limit-exceeded']);

/**
 * Everything the editor derives from its text. The parse and the forms are local and run on every
 * edit (they are what keeps the preview instant); the engine and linter answer a little later.
 */
export const useSchemaDocument = (text: string): SchemaDocument => {
  const parsed = useMemo(() => parseJsonText(text), [text]);
  const parses = parsed.problems.length === 0;
  // The last body that parsed, kept so the preview does not blank out at every unfinished edit.
  // Updating a ref while rendering is safe here: it is a pure function of `text`.
  const good = useRef({ text: '', body: undefined as unknown, version: 0 });
  if (parses && good.current.text !== text) good.current = { text, body: parsed.value, version: good.current.version + 1 };
  const { body, version } = good.current;
  const goodText = good.current.text;
  const forms = useMemo(() => flowForms(body), [body]);
  const lint = useSchemaLint(text, parses);

  const parseProblems = useMemo(() => parseProblemsOf(parsed.problems), [parsed]);
  const findings = useMemo(() => (lint.data ? findingProblemsOf(lint.data.text, lint.data.findings) : []), [lint.data]);
  const problems = useMemo(() => (parses ? sortProblems(findings) : parseProblems), [parses, findings, parseProblems]);
  const lintCurrent = lint.data?.text === text;

  const last = useRef<EditorDiagnostics>({ text: '', items: [] });
  const diagnostics = useMemo(() => {
    if (!parses) last.current = { text, items: toDiagnostics(parseProblems, text.length) };
    else if (lintCurrent) last.current = { text, items: toDiagnostics(findings, text.length) };
    return last.current;
  }, [parses, lintCurrent, text, parseProblems, findings]);

  const lintNote = !parses
    ? 'Kratos and the linter check the schema again once the JSON parses.'
    : lint.error
      ? `The schema could not be checked: ${lint.error.message}`
      : null;
  return {
    parses,
    body,
    goodText,
    version,
    forms,
    problems,
    counts: countProblems(problems),
    diagnostics,
    checking: lint.checking,
    lintNote,
    refused: parses && lintCurrent && findings.some((f) => ENGINE.has(f.ruleId)),
  };
};
