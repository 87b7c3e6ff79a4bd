/**
 * Issue 17, point 4: the renderer cannot choose arbitrary files. Over the renderer's contract a
 * file is only an opaque, single-use grant (a dialog in the desktop, an upload in the web host);
 * only regular files are ever read, within a size limit. The CLI keeps its paths.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/main';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { serveHttp, type HttpHost } from '../../electron/server/serve-http';
import { createServices, type Services } from '../../electron/services/create-services';
import { createFileGrants } from '../../electron/services/files/file-grants';
import { createHttpTransport } from '../../renderer/api/http-transport';
import type { FileGrant } from '../../shared/domain/transfer';
import { createApiClient, type ApiClient } from '../../shared/rpc';

const dir = mkdtempSync(join(tmpdir(), 'identity-desk-files-'));
const victim = join(dir, 'bashrc');
const secret = join(dir, 'secret.csv');
let services: Services;
let host: HttpHost;
let client: ApiClient;

beforeAll(async () => {
  writeFileSync(victim, 'export PATH=/usr/bin\n');
  writeFileSync(secret, 'email\nroot-secret-line@example.com\n');
  services = createServices({ dataDir: join(dir, 'store'), host: 'web' });
  host = await serveHttp({ router: createRouter(createApi(services), () => undefined), events: services.events, rendererDir: dir, files: services.files, maxUploadBytes: 64 * 1024 });
  client = createApiClient(createHttpTransport(host.url, host.token));
});
afterAll(async () => {
  await host.close();
  services.close();
});

const upload = (name: string, body: string) =>
  fetch(`${host.url}api/files.upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'x-identity-desk-token': host.token, 'content-type': 'application/octet-stream' }, body });

describe('the renderer contract names no path', () => {
  it.each([
    ['importFile with a path', () => client.api.transfer.importFile({ file: secret, format: 'csv' } as never)],
    ['importFile with a path beside a grant', () => client.api.transfer.importFile({ grant: 'A'.repeat(32), file: secret } as never)],
    ['exportFile over a .bashrc', () => client.api.transfer.exportFile({ file: victim, format: 'csv' } as never)],
    ['a forged grant', () => client.api.transfer.importFile({ grant: 'A'.repeat(32) })],
    ['a grant that is a path', () => client.api.transfer.exportFile({ grant: '../../../../etc/passwd', format: 'json' })],
  ])('%s is refused, and the file is neither read nor written', async (_name, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(['VALIDATION_FAILED', 'NOT_FOUND']).toContain((error as { code: string }).code);
    expect(JSON.stringify(error)).not.toContain('root-secret-line');
    expect(readFileSync(victim, 'utf8')).toBe('export PATH=/usr/bin\n');
  });

  it('the web host has no open dialog: the file is uploaded instead', async () => {
    await expect(client.api.app.pickFile()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the web host streams uploads and downloads', () => {
  it('an upload becomes a single-use read grant for an import', async () => {
    const answer = (await (await upload('people.ndjson', '{"traits":{"email":"up1@example.com"}}\n{"traits":{"email":"up2@example.com"}}\n')).json()) as { ok: true; value: FileGrant };
    expect(answer.ok).toBe(true);
    expect(answer.value.name).toBe('people.ndjson');
    expect(JSON.stringify(answer)).not.toContain(dir);
    const { jobId } = await client.api.transfer.importFile({ grant: answer.value.grant });
    expect(await services.jobs.wait(jobId)).toMatchObject({ imported: 2 });
    await expect(client.api.transfer.importFile({ grant: answer.value.grant })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an export goes to a private scratch file and is downloaded once', async () => {
    const target = await client.api.app.pickSaveFile({ format: 'ndjson', suggestedName: 'out.ndjson' });
    expect(target).toMatchObject({ name: 'out.ndjson' });
    // A write grant is not a read grant.
    await expect(client.api.transfer.importFile({ grant: target!.grant })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { jobId } = await client.api.transfer.exportFile({ grant: target!.grant, format: 'ndjson' });
    await services.jobs.wait(jobId);
    const url = `${host.url}api/files.download?grant=${target!.grant}`;
    const first = await fetch(url, { headers: { 'x-identity-desk-token': host.token } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toContain('out.ndjson');
    expect(await first.text()).toContain('up1@example.com');
    expect((await fetch(url, { headers: { 'x-identity-desk-token': host.token } })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
  });

  it('refuses an upload over the limit with 413 and keeps no partial file', async () => {
    const answer = await upload('big.csv', 'a'.repeat(65 * 1024));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
  });

  it('no answer or header of the upload and download endpoints names a server path', async () => {
    const texts: string[] = [];
    const keep = async (r: Response) => {
      texts.push(JSON.stringify([...r.headers.entries()]), await r.text());
      return r;
    };
    const named = await keep(await upload('/root/../tmp/evil/people.ndjson', '{"traits":{"email":"path1@example.com"}}\n'));
    const grant = (JSON.parse(texts.at(-1) as string) as { value: FileGrant }).value;
    expect(named.status).toBe(200);
    expect(grant.name).not.toContain('/');
    await services.jobs.wait((await client.api.transfer.importFile({ grant: grant.grant })).jobId);
    await keep(await upload('big.csv', 'a'.repeat(65 * 1024)));
    await keep(await fetch(`${host.url}api/files.download?grant=${'B'.repeat(32)}`, { headers: { 'x-identity-desk-token': host.token } }));
    const target = await client.api.app.pickSaveFile({ format: 'ndjson', suggestedName: 'out2.ndjson' });
    await services.jobs.wait((await client.api.transfer.exportFile({ grant: target!.grant, format: 'ndjson' })).jobId);
    const download = await keep(await fetch(`${host.url}api/files.download?grant=${target!.grant}`, { headers: { 'x-identity-desk-token': host.token } }));
    expect(download.status).toBe(200);
    expect(texts.join('\n')).toContain('path1@example.com');
    for (const needle of [dir, tmpdir(), '/tmp/', '/root/', '/work/', '/home/']) for (const text of texts) expect(text).not.toContain(needle);
  });

  it('refuses an upload from a foreign origin or without the token', async () => {
    expect((await fetch(`${host.url}api/files.upload?name=x.csv`, { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await fetch(`${host.url}api/files.upload?name=x.csv`, { method: 'POST', headers: { 'x-identity-desk-token': host.token, origin: 'https://evil.example' }, body: 'x' })).status).toBe(403);
  });
});

describe('grants', () => {
  it('come from the host picker only, are single-use and expire', async () => {
    let clock = 0;
    const picked: string[] = [];
    const grants = createFileGrants({
      dataDir: dir,
      now: () => clock,
      picker: { open: async () => (picked.push('open'), secret), save: async () => null },
    });
    const grant = (await grants.pickFile({})) as FileGrant;
    expect(grant.name).toBe('secret.csv');
    expect(grant.grant).toMatch(/^[\w-]{32}$/);
    expect(grants.take(grant.grant, 'read')).toBe(secret);
    expect(() => grants.take(grant.grant, 'read')).toThrow(/No such file grant/);
    expect(await grants.pickSaveFile({ format: 'csv' })).toBeNull();
    const late = grants.grantRead(secret);
    clock += 31 * 60 * 1000;
    expect(() => grants.take(late.grant, 'read')).toThrow(/expired/);
    expect(picked).toEqual(['open']);
  });
});

describe('only regular files are read, within a limit', () => {
  const fifoDir = join(dir, 'fifo');
  beforeAll(() => {
    mkdirSync(fifoDir);
    execFileSync('mkfifo', [join(fifoDir, 'schema.json')]);
    execFileSync('mkfifo', [join(fifoDir, 'in.ndjson')]);
  });

  it('a named pipe in a config folder is refused, not waited on', async () => {
    const config = 'identity:\n  default_schema_id: piped\n  schemas:\n    - id: piped\n      url: file://./schema.json\n';
    const error = await services.schemas.importConfig({ text: config, format: 'yaml', baseDir: fifoDir }).catch((e: unknown) => e);
    expect(JSON.stringify(error)).toMatch(/not a regular file/);
  });

  it.each([
    ['/dev/zero', '/dev/zero'],
    ['a named pipe', join(fifoDir, 'in.ndjson')],
    ['a folder', fifoDir],
  ])('%s is refused as an import input, by the service and by a grant', (_name, path) => {
    expect(() => services.transfer.importFile({ file: path })).toThrow(/not a regular file|folder/);
    expect(() => services.files.grantRead(path)).toThrow(/not a regular file|folder/);
  });

  it('the CLI refuses /dev/zero and a pipe as input files, with one line and no hang', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readText: (p) => readFileSync(p, 'utf8'), cwd: dir };
    expect(await runCli(['import', '/dev/zero', '--data', join(dir, 'store')], io)).toBe(1);
    expect(err.join('\n')).toMatch(/not a regular file/);
    // The real bin: reading a pipe with readFileSync would block until a writer came, i.e. forever.
    const viaBin = spawnSync(process.execPath, ['electron/cli/identity-desk.mjs', 'lint', '--schema', join(fifoDir, 'schema.json')], {
      cwd: new URL('../..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(viaBin.signal).toBeNull();
    expect(viaBin.status).toBe(2);
    expect(viaBin.stderr).toMatch(/not a regular file/);
  });
});
