/**
 * Helpers shared by the validate, lint and schemas commands: strict flag parsing (unknown flags
 * are usage errors, exit 2) and reading the files the user named with a clear message.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors';
import { parseJsonExact } from '../../../shared/json-numbers';
import type { CommandContext } from '../command';
import { UsageError } from '../output';

type Options = NonNullable<ParseArgsConfig['options']>;
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

export const parseCommandArgs = <O extends Options>(args: readonly string[], options: O, usage: string): ParsedArgs<O> => {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : 'invalid arguments';
    throw new UsageError(`${reason}\nUsage: ${usage}`);
  }
};

export const requireFlag = (value: string | boolean | undefined, flag: string, usage: string): string => {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required.\nUsage: ${usage}`);
  return value;
};

/** Reads a file the user named; a missing or unreadable file is a usage error that names it. */
export const readUserFile = (ctx: Pick<CommandContext, 'io'>, path: string, flag: string): string => {
  try {
    return ctx.io.readText(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why =
      code === 'ENOENT' || code === 'NOT_FOUND'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : err instanceof AppError
            ? err.message.replace(/^The file /, 'it ').replace(/\.$/, '')
            : 'it cannot be read';
    throw new UsageError(`${flag} ${JSON.stringify(path)}: ${why}.`);
  }
};

/**
 * Parses JSON the user gave in a file; not JSON is a usage error (exit 2), never a crash. A number JSON.parse would
 * change is VALIDATION_FAILED (exit 1) naming its pointer and line (issue 17 §6).
 */
export const parseUserJson = (text: string, path: string, flag: string): unknown => {
  try {
    return parseJsonExact(text, { source: `${flag} ${JSON.stringify(path)}` });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new UsageError(`${flag} ${JSON.stringify(path)} is not valid JSON: ${err instanceof Error ? err.message : 'parse error'}`);
  }
};
