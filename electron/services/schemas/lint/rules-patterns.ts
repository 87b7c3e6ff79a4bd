import { isRecord } from '../../../../shared/json';
import { RE2JS } from 're2js';
import type { LintFinding } from '../../../../shared/domain/schema';
import type { LintRule } from './context';
import { finding } from './context';
import { childPointer, visitObjects } from './walk';

/** Patterns longer than this are not compiled here; Kratos would still judge them. */
const MAX_PATTERN_LENGTH = 4096;

/** Why a pattern is not RE2 (Go's regexp), or null when it compiles. */
export const re2Problem = (pattern: string): string | null => {
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (err) {
    // re2js messages are Go's own ("invalid or unsupported Perl syntax: `(?=`"); keep them, one line.
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/\s+/g, ' ').slice(0, 200);
  }
};

const patternFinding = (pointer: string, pattern: string, problem: string): LintFinding =>
  finding(
    'pattern/not-re2',
    'error',
    pointer,
    `Pattern ${JSON.stringify(pattern.slice(0, 80))} is not valid in Go's RE2 (no look-around or back-references): Kratos refuses the schema (${problem}).`,
  );

/** `pattern` values and `patternProperties` keys anywhere in the schema must compile as RE2 (reference §3.1, §7.4). */
export const nonRe2Patterns: LintRule = ({ root }) => {
  const out: LintFinding[] = [];
  visitObjects(root, ({ pointer, key, value }) => {
    if (key === 'pattern' && typeof value === 'string') {
      const problem = re2Problem(value);
      if (problem) out.push(patternFinding(pointer, value, problem));
    }
    if (key === 'patternProperties' && isRecord(value)) {
      for (const regex of Object.keys(value)) {
        const problem = re2Problem(regex);
        if (problem) out.push(patternFinding(childPointer(pointer, regex), regex, problem));
      }
    }
  });
  return out;
};
