import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../electron/cli/identity-desk.mjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/schemas/', import.meta.url));
export const PRESETS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `identity-desk` bin in a child process, as a user or a script would. */
export const runCli = (args: readonly string[], cwd = REPO): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** stdout must be exactly one JSON value (the --json contract). */
export const jsonOut = (run: CliRun): unknown => JSON.parse(run.stdout) as unknown;
