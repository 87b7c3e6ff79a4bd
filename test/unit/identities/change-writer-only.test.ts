import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const GUARDED = ['identities', 'identifiers', 'addresses', 'identity_fts', 'search_pairs', 'phone_numbers', 'audit_log', 'outbox', 'counters'];
/** The change writer and the parts only it uses (design §12). */
const WRITER_FILES = new Set([
  'electron/services/identities/change-writer.ts',
  'electron/services/identities/identity-writer.ts',
  'electron/services/audit/audit-writer.ts',
  'electron/services/search/search-pairs.ts',
]);
const PARTS = { createIdentityWriter: 'identity-writer', createAuditWriter: 'audit-writer', createSearchPairsWriter: 'search-pairs' };

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });

const writeStatement = new RegExp(String.raw`\b(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+(${GUARDED.join('|')})\b`, 'i');

describe('one change writer', () => {
  const files = sources(join(ROOT, 'electron')).map((p) => ({ rel: relative(ROOT, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));

  it('no module but the change writer writes identities, their index rows, the search index, the audit log or the outbox', () => {
    const offenders = files.filter((f) => !WRITER_FILES.has(f.rel) && writeStatement.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
    // The guard sees what it guards: the writer's own files do match.
    expect(files.filter((f) => WRITER_FILES.has(f.rel) && writeStatement.test(f.text)).map((f) => f.rel).sort()).toEqual([...WRITER_FILES].sort());
  });

  it('the writer’s parts are used by the change writer alone', () => {
    for (const [factory, module] of Object.entries(PARTS)) {
      const users = files.filter((f) => !f.rel.endsWith(`/${module}.ts`) && new RegExp(String.raw`\b${factory}\b`).test(f.text)).map((f) => f.rel);
      expect(users, factory).toEqual(module === 'search-pairs' ? ['electron/services/identities/identity-writer.ts'] : ['electron/services/identities/change-writer.ts']);
    }
  });
});
