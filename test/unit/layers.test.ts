import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Every module an entry pulls in, as esbuild resolves them (electron kept external so it shows up). */
const importsOf = async (entry: string): Promise<{ path: string; external: boolean }[]> => {
  const result = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    external: ['electron', 'better-sqlite3', 'tsx', 'tsx/*'],
  });
  return Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.map((i) => ({ path: i.path, external: i.external === true })),
  );
};

describe('layers (design §2)', () => {
  it.each(['electron/server/serve.ts', 'electron/cli/main.ts', 'electron/services/create-services.ts'])(
    '%s never reaches the electron package',
    async (entry) => {
      const imports = await importsOf(entry);
      expect(imports.length).toBeGreaterThan(5);
      expect(imports.some((i) => i.external && i.path === 'better-sqlite3')).toBe(true);
      expect(imports.filter((i) => i.external && (i.path === 'electron' || i.path.startsWith('electron/')))).toEqual([]);
    },
  );

  it('the check sees electron where it is imported (electron/main.ts)', async () => {
    const imports = await importsOf('electron/main.ts');
    expect(imports.some((i) => i.external && i.path === 'electron')).toBe(true);
  });

  it('the web host module loads under plain Node', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "await import('./electron/server/web-host.ts'); await import('./electron/cli/main.ts'); console.log('loaded')",
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.stdout).toContain('loaded');
  });
});
