import { describe, expect, it } from 'vitest';
import type { LintFinding } from '../../../../shared/domain/schema';
import { parseJsonText } from '../../../../shared/schema-tools';
import {
  countProblems,
  findingProblemsOf,
  PARSE_RULE,
  parseProblemsOf,
  sortProblems,
  toDiagnostics,
} from '../../../../renderer/features/schema-editor/problems';

const TEXT = `{
  "type": "object",
  "properties": {
    "traits": {
      "type": "object",
      "properties": {
        "phone": { "type": "string", "pattern": "^(?=\\\\+)" }
      }
    }
  }
}
`;

const finding = (ruleId: string, pointer: string, severity: LintFinding['severity'] = 'error'): LintFinding => ({
  ruleId,
  severity,
  pointer,
  message: `${ruleId} here`,
});

describe('problems in the schema text', () => {
  it('reports a parse error at its line and column, as an error the editor can mark', () => {
    const broken = '{\n  "type": "object",\n  "title": \n}';
    const problems = parseProblemsOf(parseJsonText(broken).problems);
    expect(problems.length).toBeGreaterThan(0);
    const first = problems[0]!;
    expect(first).toMatchObject({ source: 'parse', severity: 'error', ruleId: PARSE_RULE, pointer: null, line: 4, column: 1 });
    const [diagnostic] = toDiagnostics(problems, broken.length);
    expect(diagnostic!.to).toBeGreaterThan(diagnostic!.from);
    expect(diagnostic!.to).toBeLessThanOrEqual(broken.length);
  });

  it('places a finding at its pointer, on the key, and tells the engine’s refusals from the linter’s advice', () => {
    const [engine, lint] = findingProblemsOf(TEXT, [
      finding('schema/invalid', '#/properties/traits/properties/phone/pattern'),
      finding('identifier/no-length', '#/properties/traits/properties/phone', 'warning'),
    ]);
    expect(engine).toMatchObject({ source: 'engine', line: 7, pointer: '#/properties/traits/properties/phone/pattern' });
    expect(TEXT.slice(engine!.from, engine!.to)).toBe('"pattern"');
    expect(lint).toMatchObject({ source: 'lint', severity: 'warning', line: 7 });
    expect(TEXT.slice(lint!.from, lint!.to)).toBe('"phone"');
  });

  it('falls back to the nearest existing ancestor for a pointer the text no longer has', () => {
    const [p] = findingProblemsOf(TEXT, [finding('traits/too-many', '#/properties/traits/properties/gone')]);
    expect(p!.line).toBeGreaterThan(1);
    expect(p!.line).toBeLessThanOrEqual(6);
  });

  it('lists parse errors first, then Kratos, then findings by severity and position, and counts them', () => {
    const problems = [
      ...findingProblemsOf(TEXT, [
        finding('traits/open', '#/properties/traits', 'info'),
        finding('identifier/no-length', '#/properties/traits/properties/phone', 'warning'),
      ]),
      ...findingProblemsOf(TEXT, [finding('schema/invalid', '#/properties/traits/properties/phone/pattern')]),
      ...parseProblemsOf([{ message: 'Value expected', from: 5, to: 6, line: 1, column: 6 }]),
    ];
    expect(sortProblems(problems).map((p) => p.ruleId)).toEqual([PARSE_RULE, 'schema/invalid', 'identifier/no-length', 'traits/open']);
    expect(countProblems(problems)).toEqual({ error: 2, warning: 1, info: 1 });
  });

  it('keeps every diagnostic inside the document', () => {
    const [p] = findingProblemsOf(TEXT, [finding('schema/invalid', '#/properties/traits/properties/phone/pattern')]);
    const [d] = toDiagnostics([p!], 10);
    expect(d!.from).toBeLessThanOrEqual(10);
    expect(d!.to).toBeLessThanOrEqual(10);
    expect(d!.source).toBe('schema/invalid');
  });
});
