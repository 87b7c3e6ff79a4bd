import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = new URL('../../..', import.meta.url).pathname;

/** Issue 17, point 8: the packaged binary's fuses, checked in the config since Electron's binary cannot run here. */
describe('electron-builder fuses', () => {
  const config = parse(readFileSync(`${ROOT}build/electron-builder.yml`, 'utf8')) as { electronFuses?: Record<string, unknown>; asar?: unknown };

  it('turns off running as Node, NODE_OPTIONS and the inspector, and turns on asar integrity and cookie encryption', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps asar on (integrity validation checks app.asar; electron-builder packs one unless told not to)', () => {
    expect(config.asar === undefined || config.asar === true).toBe(true);
  });

  it('names only fuses that electron-builder knows', () => {
    const types = readFileSync(`${ROOT}node_modules/app-builder-lib/out/configuration.d.ts`, 'utf8');
    const known = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? '';
    for (const key of Object.keys(config.electronFuses ?? {})) expect(known, key).toMatch(new RegExp(`\\s${key}\\?: boolean;`));
  });
});
