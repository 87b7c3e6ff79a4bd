import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/**
 * The path of Electron's binary, or null when it was never downloaded (installs with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1, or offline). Reads the package's own path.txt instead of
 * requiring `electron`, because requiring it starts a download when the binary is missing.
 */
export const electronBinary = () => {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? binary : null;
};
