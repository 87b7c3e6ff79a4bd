import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROJECT_ROOT = new URL('../../..', import.meta.url).pathname;

export interface RunningHost {
  launchUrl: string;
  baseUrl: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `electron/server/serve.ts` as a real child process under plain Node (as `npm run serve`
 * does, minus the renderer build, which the e2e script has already run) and waits for its URL.
 */
export const startHostProcess = async (dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-e2e-'))): Promise<RunningHost> => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/server/serve.ts', '--port', '0', '--data', dataDir], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)));
  });
  const [baseUrl = '', token = ''] = launchUrl.split('#token=');
  return {
    launchUrl,
    baseUrl,
    token,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};
