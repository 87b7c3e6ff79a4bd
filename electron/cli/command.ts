import type { Services } from '../services/create-services';

/** Exit codes of design §9: 0 ok, 1 the input is invalid, 2 usage or system error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads a file the user named; relative to the working directory. */
  readText(path: string): string;
  cwd: string;
}

export interface CommandContext {
  args: string[];
  json: boolean;
  /** Opens the store lazily: commands that do not need it (validate, lint) never touch disk. */
  services(): Services;
  io: CliIo;
  /** Internals (stacks) go to identity-desk.log in the data directory, never to the output. */
  log: (err: unknown) => void;
}

export interface Command {
  name: string;
  /** One line for `identity-desk --help`. */
  summary: string;
  usage: string;
  run(ctx: CommandContext): Promise<ExitCode>;
}
