import { isRecord } from '../../../shared/json';
import type { ValidationProfile } from '../../../shared/domain/app';
import { VALIDATION_PROFILES } from '../../../shared/domain/app';
import type { ValidationResult } from '../../../shared/domain/validation';
import { AppError } from '../../../shared/errors';
import type { Command, CommandContext, ExitCode } from '../command';
import { EXIT } from '../command';
import { UsageError } from '../output';
import { parseCommandArgs, parseUserJson, readUserFile, requireFlag } from './command-args';
import { withSandbox } from './sandbox';

const USAGE = 'identity-desk validate --schema S.json --traits T.json [--profile kratos-v26|ory-network] [--json]';

const OPTIONS = {
  schema: { type: 'string' },
  traits: { type: 'string' },
  profile: { type: 'string' },
} as const;


/**
 * `--traits` takes the traits object, or a whole identity as the admin API returns it: a JSON
 * object with a string `schema_id` and a `traits` key is read as an identity and its traits used.
 */
export const traitsOf = (value: unknown): unknown =>
  isRecord(value) && typeof value['schema_id'] === 'string' && 'traits' in value ? value['traits'] : value;

const profileOf = (value: string | undefined): ValidationProfile => {
  if (value === undefined) return 'kratos-v26';
  const profile = VALIDATION_PROFILES.find((p) => p === value);
  if (!profile) throw new UsageError(`--profile must be one of ${VALIDATION_PROFILES.join(', ')}.\nUsage: ${USAGE}`);
  return profile;
};

/** The `--json` shape: exactly these keys, every error with all five fields (null when unknown). */
export const validationJson = (result: ValidationResult) => ({
  valid: result.valid,
  errors: result.errors.map((e) => ({
    pointer: e.pointer,
    keyword: e.keyword,
    source: e.source ?? null,
    message: e.message,
    messageId: e.messageId ?? null,
  })),
  credentials: result.credentials,
  verifiable_addresses: result.verifiable_addresses,
  recovery_addresses: result.recovery_addresses,
  traits: result.traits,
});

const summary = (result: ValidationResult): string[] => {
  const lines = [result.valid ? `valid (${result.profile})` : `invalid (${result.profile}): ${result.errors.length} error(s)`];
  for (const e of result.errors) lines.push(`  ${e.pointer}: ${e.message}${e.keyword ? ` [${e.keyword}]` : ''}`);
  for (const [type, credential] of Object.entries(result.credentials)) {
    lines.push(`credentials.${type}: ${credential.identifiers.join(', ') || '(no identifiers)'}`);
  }
  for (const a of result.verifiable_addresses) lines.push(`verifiable address: ${a.value} (${a.via}, ${a.status})`);
  for (const a of result.recovery_addresses) lines.push(`recovery address: ${a.value} (${a.via})`);
  return lines;
};

/** A schema Kratos refuses is exit 2 for `validate` (the traits could not be judged), unlike invalid traits (1). */
const schemaFailure = (ctx: CommandContext, err: AppError): ExitCode => {
  const wire = err.toWire();
  if (ctx.json) ctx.io.out(JSON.stringify({ error: wire }));
  else ctx.io.err(`identity-desk: the schema is not usable: ${wire.code}: ${wire.message}`);
  return EXIT.usage;
};

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Validate traits against an identity schema as Kratos would (never opens the store)',
  usage: USAGE,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, OPTIONS, USAGE);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
    const schemaPath = requireFlag(values.schema, '--schema', USAGE);
    const traitsPath = requireFlag(values.traits, '--traits', USAGE);
    const profile = profileOf(values.profile);
    const schemaText = readUserFile(ctx, schemaPath, '--schema');
    const traits = traitsOf(parseUserJson(readUserFile(ctx, traitsPath, '--traits'), traitsPath, '--traits'));
    let result: ValidationResult;
    try {
      result = await withSandbox((sandbox) => sandbox.validate(schemaText, traits, profile));
    } catch (err) {
      if (err instanceof AppError && (err.code === 'SCHEMA_INVALID' || err.code === 'LIMIT_EXCEEDED')) return schemaFailure(ctx, err);
      throw err;
    }
    if (ctx.json) ctx.io.out(JSON.stringify(validationJson(result)));
    else ctx.io.out(summary(result).join('\n'));
    return result.valid ? EXIT.ok : EXIT.invalid;
  },
};
