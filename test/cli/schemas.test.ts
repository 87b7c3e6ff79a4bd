import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, jsonOut, runCli } from './run-cli';

interface Row {
  id: string;
  title: string | null;
  source: string;
  identityCount: number;
  isDefault: boolean;
}

let dir: string;
let data: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-desk-cli-schemas-'));
  data = join(dir, 'data');
  cpSync(join(FIXTURES, 'kratos-config'), join(dir, 'config'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const list = async (): Promise<Row[]> => {
  const run = await runCli(['schemas', 'list', '--data', data, '--json']);
  expect(run.code).toBe(0);
  return jsonOut(run) as Row[];
};

describe('identity-desk schemas', () => {
  it('list: a new store holds the presets with email-password as default', async () => {
    const rows = await list();
    expect(rows.map((r) => r.id)).toEqual(['admin', 'company', 'customer', 'email-name-newsletter', 'email-password', 'username-password']);
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual(['email-password']);
    const text = await runCli(['schemas', 'list', '--data', data]);
    expect(text.stdout).toMatch(/^\* email-password/m);
  });

  it('import-config: reads file:// next to the config (cwd elsewhere) and base64://, sets the default', async () => {
    const run = await runCli(['schemas', 'import-config', join('config', 'kratos.yml'), '--data', data, '--json'], dir);
    expect(run.code).toBe(0);
    expect(jsonOut(run)).toEqual({
      imported: [
        { id: 'user', outcome: 'created' },
        { id: 'customer', outcome: 'replaced' },
      ],
      skipped: [],
      defaultSchemaId: 'user',
    });
    const rows = await list();
    expect(rows.find((r) => r.id === 'user')).toMatchObject({ source: 'config', isDefault: true, title: 'User' });
  });

  it('import-config: a remote URL is refused (exit 2) unless --allow-remote, which skips it', async () => {
    const config = join(dir, 'remote.json');
    const body = { identity: { default_schema_id: 'r', schemas: [{ id: 'r', url: 'https://example.com/r.json' }] } };
    writeFileSync(config, JSON.stringify(body));
    const refused = await runCli(['schemas', 'import-config', config, '--data', data, '--json']);
    expect(refused.code).toBe(2);
    expect(jsonOut(refused)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const skipped = await runCli(['schemas', 'import-config', config, '--allow-remote', '--data', data, '--json']);
    expect(skipped.code).toBe(0);
    expect(jsonOut(skipped)).toMatchObject({ imported: [], skipped: [{ id: 'r' }] });
  });

  it('import-config: a path escaping the config folder is refused and names the URL, not the host path', async () => {
    const config = join(dir, 'config', 'escape.yml');
    writeFileSync(config, 'identity:\n  default_schema_id: x\n  schemas:\n    - id: x\n      url: file://../../etc/passwd\n');
    const run = await runCli(['schemas', 'import-config', config, '--data', data, '--json']);
    expect(run.code).toBe(2);
    const out = jsonOut(run) as { error: { code: string; message: string } };
    expect(out.error.code).toBe('FORBIDDEN');
    expect(out.error.message).toContain('file://../../etc/passwd');
    expect(out.error.message).not.toContain(dir);
  });

  it('export-config: prints and writes base64 configs that import back unchanged', async () => {
    await runCli(['schemas', 'import-config', join(dir, 'config', 'kratos.yml'), '--data', data]);
    const printed = await runCli(['schemas', 'export-config', '--data', data, '--json']);
    expect(printed.code).toBe(0);
    const config = jsonOut(printed) as { identity: { default_schema_id: string; schemas: { id: string; url: string }[] } };
    expect(config.identity.default_schema_id).toBe('user');
    expect(config.identity.schemas.every((s) => s.url.startsWith('base64://'))).toBe(true);
    const user = config.identity.schemas.find((s) => s.id === 'user');
    expect(Buffer.from(user?.url.slice('base64://'.length) ?? '', 'base64').toString('utf8')).toBe(
      readFileSync(join(FIXTURES, 'user.schema.json'), 'utf8'),
    );

    const out = join(dir, 'exported.yaml');
    const written = await runCli(['schemas', 'export-config', '--out', out, '--data', data]);
    expect(written.code).toBe(0);
    expect(parseYaml(readFileSync(out, 'utf8'))).toEqual(config);

    const other = join(dir, 'other');
    const reimport = await runCli(['schemas', 'import-config', out, '--data', other, '--json']);
    expect(reimport.code).toBe(0);
    const again = await runCli(['schemas', 'export-config', '--data', other, '--json']);
    expect(jsonOut(again)).toEqual(config);
  });

  it('set-default: changes the default; an unknown id exits 1 (NOT_FOUND)', async () => {
    const run = await runCli(['schemas', 'set-default', 'admin', '--data', data, '--json']);
    expect(run.code).toBe(0);
    expect((await list()).filter((r) => r.isDefault).map((r) => r.id)).toEqual(['admin']);
    const missing = await runCli(['schemas', 'set-default', 'nope', '--data', data, '--json']);
    expect(missing.code).toBe(1);
    expect(jsonOut(missing)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['schemas', '--data', data])).code).toBe(2);
    expect((await runCli(['schemas', 'frobnicate', '--data', data])).code).toBe(2);
    expect((await runCli(['schemas', 'list', '--out', 'x', '--data', data])).code).toBe(2);
    expect((await runCli(['schemas', 'import-config', '--data', data])).code).toBe(2);
    expect((await runCli(['schemas', 'export-config', '--format', 'xml', '--data', data])).code).toBe(2);
  });
});
