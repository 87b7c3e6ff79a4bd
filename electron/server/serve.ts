import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../platform/node-paths';
import { startWebHost } from './web-host';

const USAGE = 'Usage: npm run serve -- [--port N] [--data DIR]';

/** `npm run serve`: the same backend as the desktop app, under plain Node, on loopback. */
const main = async (): Promise<void> => {
  let values: { port?: string; data?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535\n${USAGE}\n`);
    process.exit(2);
  }
  const host = await startWebHost({
    dataDir: resolve(values.data ?? defaultDataDir()),
    port,
    rendererDir: fileURLToPath(new URL('../../.out/renderer', import.meta.url)),
  });
  process.stdout.write(`Identity Desk is serving ${host.dataDir}\nOpen ${host.launchUrl}\n`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

await main();
