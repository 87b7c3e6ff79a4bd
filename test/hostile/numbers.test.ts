import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/main';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { serveHttp } from '../../electron/server/serve-http';
import { runImport } from '../../electron/services/transfer/index';
import { parseMetadata } from '../../renderer/features/identity-browser/identity-view';
import { findLossyNumber, losesValue } from '../../shared/json-numbers';
import type { StoreFixture } from '../fixtures/store/store-fixture';
import { openFixture, seedSchema } from '../fixtures/store/store-fixture';
import { schemaWithTraits } from '../fixtures/hostile-data';

/**
 * Issue 17 §6: numbers are never silently changed. JSON.parse turns `12345678901234567890` into
 * `12345678901234567000` and `1e400` into Infinity (stored as null). Every text boundary now refuses such a literal
 * with VALIDATION_FAILED naming its pointer and line; numbers that keep their value pass unchanged.
 */
const NUMBERS_SCHEMA = JSON.stringify(schemaWithTraits({ n: { type: 'number' } }));

let f: StoreFixture;
beforeAll(() => {
  f = openFixture();
  seedSchema(f.services, 'numbers', NUMBERS_SCHEMA, true);
});
afterAll(() => f.close());

const storedN = (email: string): unknown => {
  const page = f.services.search.query({ text: email });
  const id = page.items[0]?.id;
  return id === undefined ? undefined : (f.services.identities.get(id).traits as { n?: unknown }).n;
};

describe('the rule', () => {
  it('refuses literals whose double has another value, keeps those that do not', () => {
    for (const lossy of ['12345678901234567890', '1e400', '-1e400', '1e-400', '9007199254740993', '0.1000000000000000055511151231257827', '123456789012345678']) {
      expect(losesValue(lossy), lossy).toBe(true);
    }
    for (const exact of ['1.0', '1e2', '100', '0.5', '-0', '0', '0.0e10', '1.5e300', '9007199254740992', '0.1', '123456789012345', '1E+2', '-2.50']) {
      expect(losesValue(exact), exact).toBe(false);
    }
  });

  it('names the first lossy number by pointer, line and column, and ignores digits inside strings', () => {
    const text = '{\n  "id": "12345678901234567890",\n  "traits": {"a/b": [1, 12345678901234567890]}\n}';
    expect(findLossyNumber(text)).toEqual({ literal: '12345678901234567890', pointer: '#/traits/a~1b/1', line: 3, column: 25 });
    expect(findLossyNumber('{"id": "12345678901234567890", "n": 1.0}')).toBeNull();
  });
});

describe('every text boundary', () => {
  it('HTTP: a body with 12345678901234567890 is VALIDATION_FAILED at its pointer; exact numbers are stored as written', async () => {
    const router = createRouter(createApi(f.services), () => undefined);
    const host = await serveHttp({ router, events: f.services.events, rendererDir: f.dir, port: 0 });
    try {
      const post = async (body: string) => {
        const res = await fetch(`${host.url}api/identities.create`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-identity-desk-token': host.token }, body });
        return (await res.json()) as { ok: boolean; error?: { code: string; message: string; details: { pointer: string; line: number } } };
      };
      const lossy = await post('{"args":[{"schema_id":"numbers","traits":{"email":"big@example.org","n":12345678901234567890}}]}');
      expect(lossy.ok).toBe(false);
      expect(lossy.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { pointer: '#/args/0/traits/n', line: 1 } });
      expect(lossy.error?.message).toContain('12345678901234567890');
      expect((await post('{"args":[{"schema_id":"numbers","traits":{"email":"inf@example.org","n":1e400}}]}')).error?.code).toBe('VALIDATION_FAILED');
      expect(storedN('big@example.org')).toBeUndefined();
      expect((await post('{"args":[{"schema_id":"numbers","traits":{"email":"ok@example.org","n":1e2}}]}')).ok).toBe(true);
      expect(storedN('ok@example.org')).toBe(100);
    } finally {
      await host.close();
    }
  });

  it('CLI: --traits file.json with 1e400 exits 1 naming the pointer and line', async () => {
    writeFileSync(join(f.dir, 'big.json'), '{\n  "email": "cli@example.org",\n  "n": 1e400\n}');
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), readText: (p) => readFileSync(join(f.dir, p), 'utf8'), cwd: f.dir };
    const code = await runCli(['create', '--schema-id', 'numbers', '--traits', 'big.json', '--json', '--data', f.dir], io);
    expect(code).toBe(1);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { pointer: '#/n', line: 3 } } });
  });

  it('import: NDJSON, JSON and CSV rows with lossy numbers are skipped with line and pointer; the rest keep their numbers', async () => {
    const ndjson = join(f.dir, 'n.ndjson');
    writeFileSync(ndjson, ['{"schema_id":"numbers","traits":{"email":"i1@example.org","n":12345678901234567890}}', '{"schema_id":"numbers","traits":{"email":"i2@example.org","n":0.5}}'].join('\n'));
    const a = await runImport({ dataDir: f.dir, request: { file: ndjson, skipInvalid: true }, actor: 't' });
    expect(a).toMatchObject({ imported: 1, skipped: 1 });
    expect(a.errors[0]).toMatchObject({ line: 1, pointer: '#/traits/n' });

    const json = join(f.dir, 'n.json');
    writeFileSync(json, '[\n  {"schema_id":"numbers","traits":{"email":"j1@example.org"}},\n  {"schema_id":"numbers",\n   "metadata_admin":{"big":1e400},\n   "traits":{"email":"j2@example.org"}}\n]');
    const b = await runImport({ dataDir: f.dir, request: { file: json, skipInvalid: true }, actor: 't' });
    expect(b).toMatchObject({ imported: 1, skipped: 1 });
    expect(b.errors[0]).toMatchObject({ line: 3, pointer: '#/metadata_admin/big' });
    expect(b.errors[0]?.message).toContain('line 4');

    const csv = join(f.dir, 'n.csv');
    writeFileSync(csv, 'email,n,metadata_public\nc1@example.org,12345678901234567890,\nc2@example.org,2.5,\nc3@example.org,1,{"x":1e400}\n');
    const c = await runImport({ dataDir: f.dir, request: { file: csv, skipInvalid: true, schemaId: 'numbers', mapping: { email: 'traits.email', n: 'traits.n' } }, actor: 't' });
    expect(c).toMatchObject({ imported: 1, skipped: 2 });
    expect(c.errors.map((e) => [e.line, e.pointer])).toEqual([
      [2, '#/traits/n'],
      [4, '#/metadata_public/x'],
    ]);
    expect(storedN('i2@example.org')).toBe(0.5);
    expect(storedN('c2@example.org')).toBe(2.5);
  });

  it('the renderer’s metadata editor refuses a lossy number instead of saving it changed', () => {
    const parsed = parseMetadata('{"account": 12345678901234567890}');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain('#/account');
  });
});
