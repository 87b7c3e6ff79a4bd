import { writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { KratosConfigFormat, SchemaSummary } from '../../../shared/domain/schema';
import { KRATOS_CONFIG_FORMATS } from '../../../shared/domain/schema';
import type { Command, CommandContext, ExitCode } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import type { ParsedArgs } from './command-args';
import { parseCommandArgs, readUserFile } from './command-args';

const USAGE = [
  'identity-desk schemas list [--data DIR] [--json]',
  '       identity-desk schemas import-config FILE [--format yaml|json] [--allow-remote] [--data DIR] [--json]',
  '       identity-desk schemas export-config [--out FILE] [--format yaml|json] [--data DIR] [--json]',
  '       identity-desk schemas set-default ID [--data DIR] [--json]',
].join('\n');

const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  'allow-remote': { type: 'boolean' },
} as const;

type Values = ParsedArgs<typeof OPTIONS>['values'];

const formatOf = (flag: string | undefined, file: string | undefined): KratosConfigFormat => {
  if (flag !== undefined) {
    const format = KRATOS_CONFIG_FORMATS.find((f) => f === flag);
    if (!format) throw new UsageError(`--format must be yaml or json.\nUsage: ${USAGE}`);
    return format;
  }
  return file !== undefined && extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
};

/** Each subcommand accepts only its own flags, so a misplaced one is a usage error, not silently ignored. */
const onlyFlags = (values: Values, allowed: readonly (keyof Values)[], sub: string): void => {
  const extra = (Object.keys(values) as (keyof Values)[]).find((k) => values[k] !== undefined && !allowed.includes(k));
  if (extra) throw new UsageError(`schemas ${sub} does not take --${String(extra)}.\nUsage: ${USAGE}`);
};

const exactly = (positionals: readonly string[], n: number, what: string): string[] => {
  if (positionals.length !== n) throw new UsageError(`${what}\nUsage: ${USAGE}`);
  return [...positionals];
};

const table = (rows: readonly SchemaSummary[]): string => {
  if (rows.length === 0) return 'no schemas';
  const width = Math.max(2, ...rows.map((r) => r.id.length));
  return [
    `  ${'id'.padEnd(width)}  ${'source'.padEnd(6)}  ${'identities'.padStart(10)}  title`,
    ...rows.map(
      (r) =>
        `${r.isDefault ? '*' : ' '} ${r.id.padEnd(width)}  ${r.source.padEnd(6)}  ${String(r.identityCount).padStart(10)}  ${r.title ?? ''}`,
    ),
    '(* default)',
  ].join('\n');
};

const list = (ctx: CommandContext): ExitCode => {
  const rows = ctx.services().schemas.list();
  if (ctx.json) printJson(ctx, rows);
  else ctx.io.out(table(rows));
  return EXIT.ok;
};

const importConfig = async (ctx: CommandContext, file: string, values: Values): Promise<ExitCode> => {
  const text = readUserFile(ctx, file, 'import-config');
  const report = await ctx.services().schemas.importConfig({
    text,
    format: formatOf(values.format, file),
    // file:// URLs are read relative to the config file's own folder, never the working directory.
    baseDir: dirname(resolve(ctx.io.cwd, file)),
    allowRemote: values['allow-remote'] === true,
  });
  if (ctx.json) printJson(ctx, report);
  else {
    ctx.io.out(
      [
        ...report.imported.map((i) => `${i.outcome.padEnd(9)} ${i.id}`),
        ...report.skipped.map((s) => `skipped   ${s.id}: ${s.reason}`),
        `default: ${report.defaultSchemaId ?? '(none)'}`,
      ].join('\n'),
    );
  }
  return EXIT.ok;
};

const exportConfig = (ctx: CommandContext, values: Values): ExitCode => {
  const exported = ctx.services().schemas.exportConfig(formatOf(values.format, values.out));
  if (values.out === undefined) {
    if (ctx.json) printJson(ctx, exported.config);
    else ctx.io.out(exported.text.trimEnd());
    return EXIT.ok;
  }
  const target = resolve(ctx.io.cwd, values.out);
  writeFileSync(target, exported.text, 'utf8');
  const count = exported.config.identity.schemas.length;
  if (ctx.json)
    printJson(ctx, {
      out: values.out,
      format: exported.format,
      schemas: count,
      default_schema_id: exported.config.identity.default_schema_id,
    });
  else ctx.io.out(`wrote ${count} schema(s) to ${values.out} (${exported.format})`);
  return EXIT.ok;
};

const setDefault = (ctx: CommandContext, id: string): ExitCode => {
  ctx.services().schemas.setDefault(id);
  if (ctx.json) printJson(ctx, { default_schema_id: id });
  else ctx.io.out(`default schema: ${id}`);
  return EXIT.ok;
};

export const schemasCommand: Command = {
  name: 'schemas',
  summary: 'List schemas, import or export a Kratos config, set the default schema',
  usage: USAGE,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, OPTIONS, USAGE);
    const [sub, ...rest] = positionals;
    switch (sub) {
      case 'list':
        onlyFlags(values, [], sub);
        exactly(rest, 0, 'schemas list takes no arguments.');
        return list(ctx);
      case 'import-config': {
        onlyFlags(values, ['format', 'allow-remote'], sub);
        const [file] = exactly(rest, 1, 'schemas import-config needs exactly one FILE.');
        return importConfig(ctx, file as string, values);
      }
      case 'export-config':
        onlyFlags(values, ['format', 'out'], sub);
        exactly(rest, 0, 'schemas export-config takes no arguments (use --out FILE).');
        return exportConfig(ctx, values);
      case 'set-default': {
        onlyFlags(values, [], sub);
        const [id] = exactly(rest, 1, 'schemas set-default needs exactly one schema ID.');
        return setDefault(ctx, id as string);
      }
      default:
        throw new UsageError(`${sub === undefined ? 'a subcommand is required' : `unknown subcommand "${sub}"`}.\nUsage: ${USAGE}`);
    }
  },
};
