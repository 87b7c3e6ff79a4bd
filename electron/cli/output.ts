import type { WireError } from '../../shared/errors';
import { AppError, issuesOf, toWireError } from '../../shared/errors';
import type { CommandContext, ExitCode } from './command';
import { EXIT } from './command';

/** Input problems exit 1; everything else (usage, limits, internal) exits 2, as design §9 says. */
const INPUT_CODES = new Set<WireError['code']>(['VALIDATION_FAILED', 'CONFLICT', 'NOT_FOUND', 'SCHEMA_INVALID']);

export class UsageError extends Error {}

export const exitCodeFor = (error: WireError): ExitCode => (INPUT_CODES.has(error.code) ? EXIT.invalid : EXIT.usage);

const DEBUG_HINT = 'Run the command again with --debug to see the details.';

/**
 * Prints an error as one clear line, or `{"error":{...}}` with --json, and picks the exit code. An internal failure's
 * details (stack, SQL, paths) go to `log` only with --debug; without it the user gets a hint instead.
 */
export const reportError = (ctx: Pick<CommandContext, 'json' | 'io'> & { debug?: boolean }, err: unknown, log?: (e: unknown) => void): ExitCode => {
  if (err instanceof UsageError) {
    if (ctx.json) ctx.io.out(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: err.message } }));
    else ctx.io.err(`identity-desk: ${err.message}`);
    return EXIT.usage;
  }
  const debug = ctx.debug === true;
  const wire = toWireError(err, debug ? log : undefined);
  if (!(err instanceof AppError) && !debug) wire.message = `Something went wrong inside Identity Desk. ${DEBUG_HINT}`;
  if (ctx.json) ctx.io.out(JSON.stringify({ error: wire }));
  else {
    ctx.io.err(`identity-desk: ${wire.code}: ${wire.message}`);
    // The fields it is about, as --json would give them (issue 16 §7): one line each, pointer first.
    for (const issue of issuesOf(wire).slice(0, 20)) {
      if (!wire.message.includes(`${issue.pointer}: ${issue.message}`)) ctx.io.err(`  ${issue.pointer}: ${issue.message}`);
    }
  }
  return err instanceof AppError ? exitCodeFor(wire) : EXIT.usage;
};

export const printJson = (ctx: Pick<CommandContext, 'io'>, value: unknown): void => ctx.io.out(JSON.stringify(value, null, 2));
