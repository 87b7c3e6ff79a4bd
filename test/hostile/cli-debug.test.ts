import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services/create-services';
import { runCli } from '../cli/run-cli';

/**
 * Issue 17 §5: no stack, SQL or path reaches the CLI's output unless the user asks with --debug. An internal failure
 * (here: a store whose settings table is gone, so reading it fails in SQL; a damaged or missing file is a typed
 * STORE_CORRUPT instead) prints one line and a hint.
 */
const STACK = /\n\s+at \S+|node:internal|\.ts:\d+/;

describe('CLI internal errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-desk-debug-'));
  const store = join(dir, 'store');
  createServices({ dataDir: store, host: 'cli' }).close();
  const db = new Database(join(store, 'identity-desk.sqlite'));
  db.exec('DROP TABLE settings');
  db.close();

  it('without --debug: one line, no stack, no path, exit 2', async () => {
    const run = await runCli(['info', '--data', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).not.toContain(dir);
    expect(run.stderr.trim()).toBe('identity-desk: INTERNAL: Something went wrong inside Identity Desk. Run the command again with --debug to see the details.');
  });

  it('with --json, stdout is the error object only', async () => {
    const run = await runCli(['info', '--json', '--data', store]);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(run.stderr).not.toMatch(STACK);
  });

  it('with --debug: the stack is printed to stderr', async () => {
    const run = await runCli(['info', '--debug', '--data', store]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(STACK);
    expect(run.stderr).toContain('no such table: settings');
  });
});
