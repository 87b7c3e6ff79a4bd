import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });

/** Every worker a service starts by name (`spawnSiblingWorker(url, 'x')`, `runWorker<Report>(url, 'x', …)`). */
const workerNames = (): string[] => {
  const names = new Set<string>();
  for (const file of sourcesUnder(join(ROOT, 'electron/services'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:spawnSiblingWorker|runWorker)(?:<[^>(]*>)?\(\s*[\w.]+,\s*'([\w-]+)'/g)) names.add(m[1]!);
  }
  return [...names];
};

describe('the Electron build', () => {
  it('bundles main, preload, migrations and every worker a service starts', () => {
    const r = spawnSync(process.execPath, ['build/build-electron.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = join(ROOT, '.out/electron');
    expect(existsSync(join(out, 'main.mjs'))).toBe(true);
    expect(existsSync(join(out, 'preload.cjs'))).toBe(true);
    expect(existsSync(join(out, 'migrations/0001-initial.sql'))).toBe(true);
    const names = workerNames();
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) expect(existsSync(join(out, `${name}.js`)), `${name}.js`).toBe(true);
  });

  it('keeps the sandboxed preload free of Node and of our other modules', () => {
    const preload = readFileSync(join(ROOT, '.out/electron/preload.cjs'), 'utf8');
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/require\("node:|require\("fs"|better-sqlite3/);
  });
});
