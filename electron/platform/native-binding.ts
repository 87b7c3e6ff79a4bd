import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run rebuild:electron` puts better-sqlite3 built for Electron's ABI (design §9). */
export const electronNativeBinding = (outDir: string): string | undefined => {
  const file = join(outDir, 'native', 'electron', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
};

/** A native module built for another ABI fails with these words; the user gets a fix, not a crash. */
export const isNativeAbiError = (err: unknown): boolean =>
  err instanceof Error &&
  /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|Module did not self-register/.test(err.message);

export const ABI_HELP =
  'better-sqlite3 is not built for this Electron. Run `npm run rebuild:electron` (needs internet once for Electron headers), then `npm start` again.';
