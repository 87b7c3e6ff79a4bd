/**
 * Issue 17, point 1: no payload from outside reaches a prototype. Each polluting payload is sent
 * through every transport (in-process, HTTP on loopback, and the router as the IPC handler calls it
 * with a structured clone), must be refused as VALIDATION_FAILED at its pointer, and afterwards
 * create, update, patch and search must still work and Object.prototype must be clean.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../electron/ipc/create-api';
import { createRouter } from '../../electron/ipc/router';
import { applyJsonPatch } from '../../electron/services/identities/json-patch';
import { createServices } from '../../electron/services/create-services';
import { fromCsvRow } from '../../electron/services/transfer/import-records';
import { findProtoKey, isForbiddenSegment, parseJsonWithoutProto } from '../../shared/safe-keys';
import type { Result } from '../../shared/result';
import { httpHarness, inProcessHarness, type ContractHarness } from '../contract/harness';

const PROBES = ['polluted', 'x', 'y', 'hostile'];
const prototypeIsClean = () => {
  const plain = {} as Record<string, unknown>;
  for (const key of PROBES) expect(plain[key], `Object.prototype.${key}`).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => PROBES.includes(k))).toEqual([]);
};

/** Payloads as raw JSON text, parsed the way a transport parses them: `__proto__` becomes an own key. */
const patchPaths = [
  '/metadata_public/__proto__/x',
  '/metadata_public/__proto__',
  '/traits/constructor/prototype/polluted',
  '/metadata_admin/prototype/y',
  '/__proto__/hostile',
  '/metadata_public/nested/__proto__/x',
];
const bodies: [string, string][] = [
  ['create with a __proto__ trait', '{"schema_id":"email-password","traits":{"email":"p1@example.com","__proto__":{"polluted":1}}}'],
  ['create with __proto__ metadata', '{"schema_id":"email-password","traits":{"email":"p2@example.com"},"metadata_public":{"__proto__":{"polluted":1}}}'],
  ['create with a top-level __proto__', '{"schema_id":"email-password","traits":{"email":"p3@example.com"},"__proto__":{"polluted":1}}'],
];

describe.each<[string, () => Promise<ContractHarness>]>([
  ['in-process', inProcessHarness],
  ['HTTP', httpHarness],
])('polluting payloads over %s', (_name, makeHarness) => {
  let h: ContractHarness;
  let id: string;
  beforeAll(async () => {
    h = await makeHarness();
    id = (await h.client.api.identities.create({ schema_id: 'email-password', traits: { email: 'base@example.com' } })).id;
  });
  afterAll(async () => h.close());
  afterEach(prototypeIsClean);

  it.each(patchPaths)('identities.patch at %s is refused at the path', async (path) => {
    const error = await h.client.api.identities.patch(id, [{ op: 'add', path, value: 'owned' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ pointer: '#/patch/0/path' }] } });
  });

  it('a patch value that carries a __proto__ key is refused at its pointer', async () => {
    const operations = JSON.parse('[{"op":"add","path":"/metadata_public","value":{"__proto__":{"polluted":1}}}]') as [];
    const error = await h.client.api.identities.patch(id, operations).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ pointer: '#/args/1/0/value/__proto__' }] } });
  });

  it.each(bodies)('%s is refused', async (_label, text) => {
    const error = await h.client.api.identities.create(JSON.parse(text) as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify((error as { details: unknown }).details)).toContain('__proto__');
  });

  // Bulk edits (and the migration wizard's steps, which are bulk edits) take paths from outside too.
  const bulkSteps: [string, unknown][] = [
    ['a set at /metadata_public/__proto__/x', { op: 'set', path: '/metadata_public/__proto__/x', value: { literal: 1 } }],
    ['a set from /traits/__proto__', { op: 'set', path: '/metadata_public/x', value: { from: '/traits/__proto__' } }],
    ['a remove at /traits/constructor/prototype', { op: 'remove', path: '/traits/constructor/prototype' }],
    ['a patch at /metadata_admin/prototype/polluted', { op: 'patch', operations: [{ op: 'add', path: '/metadata_admin/prototype/polluted', value: 1 }] }],
  ];
  it.each(bulkSteps)('operations.plan with %s is refused before anything is planned', async (_label, step) => {
    const before = (await h.client.api.operations.list()).length;
    const error = await h.client.api.operations.plan({ target: { ids: [id] }, edit: { steps: [step as never] }, dryRun: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/__proto__|constructor|prototype/) as unknown });
    expect(await h.client.api.operations.list()).toHaveLength(before);
  });

  it('afterwards create, update, patch and search still work', async () => {
    const created = await h.client.api.identities.create({ schema_id: 'email-password', traits: { email: 'after@example.com' } });
    const updated = await h.client.api.identities.update(created.id, { traits: { email: 'after2@example.com' }, metadata_public: { constructor: 'a plain key', prototype: 1 } });
    expect(updated.metadata_public).toEqual({ constructor: 'a plain key', prototype: 1 });
    const patched = await h.client.api.identities.patch(created.id, [{ op: 'add', path: '/metadata_admin', value: { note: 'ok' } }]);
    expect(patched.metadata_admin).toEqual({ note: 'ok' });
    const found = await h.client.api.search.query({ text: 'after2' });
    expect(found.items.map((i) => i.id)).toContain(created.id);
  });
});

describe('polluting payloads on the IPC path (the router as serve-ipc calls it)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-proto-ipc-'));
  const services = createServices({ dataDir, host: 'desktop' });
  const router = createRouter(createApi(services), () => undefined);
  // Electron's IPC carries arguments as a structured clone, which keeps an own __proto__ key own.
  const ipcCall = (method: string, args: unknown[]): Promise<Result<unknown>> => router.call(method, structuredClone(args));
  afterAll(() => services.close());
  afterEach(prototypeIsClean);

  it('refuses every payload and keeps working', async () => {
    const created = await ipcCall('identities.create', [{ schema_id: 'email-password', traits: { email: 'ipc@example.com' } }]);
    expect(created.ok).toBe(true);
    const { id } = (created as { value: { id: string } }).value;
    for (const path of patchPaths) {
      const r = await ipcCall('identities.patch', [id, [{ op: 'replace', path, value: 'owned' }]]);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    for (const [, text] of bodies) {
      expect(await ipcCall('identities.create', [JSON.parse(text)])).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect(await ipcCall('identities.update', [id, JSON.parse('{"traits":{"email":"ipc@example.com"},"__proto__":{"polluted":1}}')])).toMatchObject({ ok: false });
    expect(await ipcCall('search.query', [JSON.parse('{"text":"ipc","__proto__":{"polluted":1}}')])).toMatchObject({ ok: false });
    expect(await ipcCall('identities.update', [id, { traits: { email: 'ipc2@example.com' } }])).toMatchObject({ ok: true });
    expect(await ipcCall('search.query', [{ text: 'ipc2' }])).toMatchObject({ ok: true, value: { items: [{ id }] } });
  });
});

describe('the shared guard and the walks that use it', () => {
  afterEach(prototypeIsClean);

  it('applyJsonPatch walks own properties only, whatever the document holds', () => {
    expect(() => applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/__proto__/polluted', value: 1 }])).toThrow(/not allowed/);
    expect(() => applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/toString/x', value: 1 }])).not.toThrow();
    expect(applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/toString/x', value: 1 }])).toEqual({ a: { toString: { x: 1 } } });
    expect(() => applyJsonPatch({ a: {} }, [{ op: 'remove', path: '/a/hasOwnProperty' }])).toThrow(/nothing to remove/);
  });

  it('CSV headers and mappings cannot reach a prototype', () => {
    const coerce = (_p: string, cell: string) => cell;
    expect(() => fromCsvRow(['email', 'name.__proto__.polluted'], ['a@example.com', 'owned'], {}, coerce)).toThrow(/not allowed/);
    expect(() => fromCsvRow(['email', 'n'], ['a@example.com', 'owned'], { n: 'traits.constructor.prototype.polluted' }, coerce)).toThrow(/not allowed/);
    // A header named like an Object.prototype member maps to nothing inherited.
    expect(fromCsvRow(['email', 'toString'], ['a@example.com', 'x'], {}, coerce).traits).toEqual({ email: 'a@example.com', toString: 'x' });
    expect(() => fromCsvRow(['metadata_public'], ['{"__proto__":{"polluted":1}}'], {}, coerce)).toThrow(/__proto__/);
  });

  it('the import refuses a CSV mapping whose target reaches a prototype, before reading the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'identity-desk-proto-map-'));
    const services = createServices({ dataDir, host: 'cli' });
    try {
      const file = join(dataDir, 'in.csv');
      writeFileSync(file, 'email,n\na@example.com,x\n');
      expect(() => services.transfer.importFile({ file, mapping: { n: 'name.__proto__.polluted' } })).toThrow(/not allowed/);
    } finally {
      services.close();
    }
  });

  it('finds a __proto__ key at any depth without recursion, and says where', () => {
    let deep = '{"__proto__":1}';
    for (let i = 0; i < 100_000; i++) deep = `{"a":${deep}}`;
    const at = findProtoKey(JSON.parse(deep));
    expect(at?.endsWith('/a/__proto__')).toBe(true);
    expect(findProtoKey(JSON.parse('[{"ok":{"constructor":1}},{"b":[{"__proto__":null}]}]'))).toBe('#/1/b/0/__proto__');
    expect(() => parseJsonWithoutProto('{"x":{"__proto__":{}}}')).toThrow(/#\/x\/__proto__/);
    expect(['__proto__', 'constructor', 'prototype', 'proto', '__proto'].map(isForbiddenSegment)).toEqual([true, true, true, false, false]);
  });
});
