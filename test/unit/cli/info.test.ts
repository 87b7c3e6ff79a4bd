import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
const BIN = join(ROOT, 'electron/cli/identity-desk.mjs');

/** The real `identity-desk` bin, as a user's shell runs it, under plain Node. */
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('identity-desk CLI skeleton', () => {
  it('prints help with exit 0 and lists info', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: identity-desk <command>/);
    expect(r.stdout).toMatch(/^\s+info\s/m);
  });

  it('info --json prints the same facts as app.info', () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-'));
    const r = cli('info', '--data', dir, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ name: 'Identity Desk', dataDirectory: dir, identityCount: 0, readOnly: false, host: 'cli' });
    expect(info['schemaVersion']).toEqual(expect.any(Number));
  });

  it('info without --json is readable text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-'));
    const r = cli('info', '--data', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`data directory: ${dir}`);
  });

  it('an unknown command is one clear line on stderr with exit 2', () => {
    const r = cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('with --json, errors are {"error":{...}} on stdout', () => {
    const r = cli('frobnicate', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('profile shows and sets the validation profile, and info reports it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-'));
    expect(cli('profile', '--data', dir).stdout.trim()).toBe('kratos-v26');
    expect(cli('profile', 'ory-network', '--data', dir).code).toBe(0);
    expect(JSON.parse(cli('info', '--data', dir, '--json').stdout)).toMatchObject({ profile: 'ory-network' });
    const bad = cli('profile', 'kratos-v1', '--data', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown profile');
  });

  it('no command at all is a usage error with the help text', () => {
    const r = cli();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});
