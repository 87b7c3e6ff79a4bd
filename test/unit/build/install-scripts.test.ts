import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

/** Issue 17, point 9: npm 12 runs no dependency install script that package.json does not allow. */
describe('install scripts', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('has a decision in allowScripts for exactly the locked packages that have install scripts', () => {
    const decided = Object.keys(pkg.allowScripts ?? {}).map((key) => key.replace(/(.)@.*$/, '$1'));
    expect([...new Set(decided)].sort()).toEqual([...new Set(withScripts)].sort());
  });

  it('allows only better-sqlite3, the one whose script builds what the app needs (the native SQLite binding)', () => {
    expect(Object.entries(pkg.allowScripts ?? {}).filter(([, allowed]) => allowed).map(([name]) => name)).toEqual(['better-sqlite3']);
  });

  it('makes CI install with the strict setting, so a missing entry fails CI', () => {
    expect(readFileSync(`${ROOT}.ci/run`, 'utf8')).toMatch(/^npm ci .*--strict-allow-scripts/m);
  });
});
