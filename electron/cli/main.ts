import { resolve } from 'node:path';
import { defaultDataDir } from '../platform/node-paths';
import { createHostLog, LOG_FILE } from '../services/app/host-log';
import { MAX_USER_FILE_BYTES, readRegularFile } from '../services/files/regular-file';
import { createServices, type Services } from '../services/create-services';
import { INTERNAL_LOG_ENV } from '../services/app/internal-log';
import { APP_VERSION } from '../services/version';
import type { CliIo, Command, ExitCode } from './command';
import { EXIT } from './command';
import { COMMANDS } from './commands/index';
import { reportError, UsageError } from './output';

interface GlobalFlags {
  data: string | undefined;
  json: boolean;
  help: boolean;
  debug: boolean;
  rest: string[];
}

/** Pulls the flags every command shares out of argv, leaving the command's own arguments. */
export const parseGlobalFlags = (argv: readonly string[]): GlobalFlags => {
  const flags: GlobalFlags = { data: undefined, json: false, help: false, debug: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') flags.json = true;
    else if (arg === '--debug') flags.debug = true;
    else if (arg === '--help' || arg === '-h') flags.help = true;
    else if (arg === '--data') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError('--data needs a directory');
      flags.data = value;
    } else if (arg.startsWith('--data=')) flags.data = arg.slice('--data='.length);
    else flags.rest.push(arg);
  }
  return flags;
};

const helpText = (): string =>
  [
    `identity-desk ${APP_VERSION}: administer Ory Kratos identities offline`,
    '',
    'Usage: identity-desk <command> [options] [--data DIR] [--json]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options:',
    `  --data DIR   the store's folder (default: ${defaultDataDir()})`,
    '  --json       machine-readable output; errors as {"error":{"code","message","details"}}',
    "  --help       this text, or a command's usage with `identity-desk <command> --help`",
    '  --debug      print the details of an internal failure (stack trace) to stderr',
    '',
    'Exit codes: 0 ok, 1 the input is invalid, 2 usage or system error.',
  ].join('\n');

const nodeIo = (): CliIo => ({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  // Regular files only, bounded: a pipe or /dev/zero named as input is refused instead of hanging or filling memory.
  readText: (path) => readRegularFile(resolve(process.cwd(), path), 'The file', MAX_USER_FILE_BYTES).toString('utf8'),
  cwd: process.cwd(),
});

export const runCli = async (argv: readonly string[], io: CliIo = nodeIo()): Promise<ExitCode> => {
  let json = argv.includes('--json');
  // Stacks, SQL and paths reach the terminal only on request (issue 17 §5); workers inherit the setting.
  const debug = argv.includes('--debug');
  process.env[INTERNAL_LOG_ENV] = debug ? 'stderr' : 'quiet';
  let services: Services | undefined;
  let log: (err: unknown) => void = () => undefined;
  let logFile = LOG_FILE;
  try {
    const flags = parseGlobalFlags(argv);
    json = flags.json;
    const [name, ...args] = flags.rest;
    if (name === '--version' || name === 'version') {
      io.out(APP_VERSION);
      return EXIT.ok;
    }
    if (!name) {
      (flags.help ? io.out : io.err)(helpText());
      return flags.help ? EXIT.ok : EXIT.usage;
    }
    const command: Command | undefined = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}". Run identity-desk --help for the list.`);
    if (flags.help) {
      io.out(`${command.summary}\n\nUsage: ${command.usage}`);
      return EXIT.ok;
    }
    const dataDir = resolve(io.cwd, flags.data ?? defaultDataDir());
    log = createHostLog(dataDir, 'cli');
    logFile = resolve(dataDir, LOG_FILE);
    return await command.run({
      args,
      json,
      io,
      log,
      services: () => (services ??= createServices({ dataDir, host: 'cli' })),
    });
  } catch (err) {
    return reportError({ json, io, debug }, err, (e) => {
      log(e);
      if (debug) io.err(String(e instanceof Error ? (e.stack ?? e.message) : e));
      else if (!json) io.err(`identity-desk: the details are in ${logFile}`);
    });
  } finally {
    services?.close();
  }
};

if (import.meta.url === `file://${process.argv[1]}` || process.env['IDENTITY_DESK_CLI'] === '1') {
  process.exitCode = await runCli(process.argv.slice(2));
}
