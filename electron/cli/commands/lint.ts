import type { LintFinding } from '../../../shared/domain/schema';
import { hasLintErrors } from '../../services/schemas/index';
import { lintWithEngine } from '../../services/validation-service';
import type { Command } from '../command';
import { EXIT } from '../command';
import { UsageError } from '../output';
import { parseCommandArgs, readUserFile, requireFlag } from './command-args';
import { withSandbox } from './sandbox';

const USAGE = 'identity-desk lint --schema S.json [--json]';

const counts = (findings: readonly LintFinding[]) => ({
  error: findings.filter((f) => f.severity === 'error').length,
  warning: findings.filter((f) => f.severity === 'warning').length,
  info: findings.filter((f) => f.severity === 'info').length,
});

const readable = (findings: readonly LintFinding[]): string => {
  if (findings.length === 0) return 'no findings';
  const c = counts(findings);
  return [
    ...findings.map((f) => `${f.severity.padEnd(7)} ${f.ruleId}  ${f.pointer}\n        ${f.message}`),
    `${c.error} error(s), ${c.warning} warning(s), ${c.info} info`,
  ].join('\n');
};

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Check an identity schema against Kratos best practices (exit 1 on error findings)',
  usage: USAGE,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { schema: { type: 'string' } } as const, USAGE);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
    const path = requireFlag(values.schema, '--schema', USAGE);
    const text = readUserFile(ctx, path, '--schema');
    // The engine's verdict comes first (as schema/invalid findings), then the best practices.
    const findings = await withSandbox((validator) => lintWithEngine(validator, text));
    if (ctx.json) ctx.io.out(JSON.stringify({ findings, counts: counts(findings) }));
    else ctx.io.out(readable(findings));
    return hasLintErrors(findings) ? EXIT.invalid : EXIT.ok;
  },
};
