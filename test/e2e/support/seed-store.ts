import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../../../electron/services/create-services';
import { runImport } from '../../../electron/services/transfer/import-job';

/** The preset the seeded identities use: e-mail (login identifier, verification, recovery) and a name. */
export const SEED_SCHEMA = 'email-name-newsletter';

const FIRST = ['Alice', 'Bruno', 'Chen', 'Dara', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lena'];
const LAST = ['Smith', 'Okafor', 'Müller', 'García', 'Rossi', 'Nguyen', 'Kowalski', 'Dubois', 'Haddad'];
const DOMAINS = ['example.com', 'example.org', 'mail.test', 'corp.example'];

export interface SeedTraits {
  email: string;
  name: { first: string; last: string };
  newsletter?: boolean;
}

/** Deterministic: `i` fixes every field, so tests can name a seeded identity without looking it up. */
export const seededTraits = (i: number): SeedTraits => {
  const first = FIRST[i % FIRST.length] ?? 'Alice';
  const last = LAST[(i * 7) % LAST.length] ?? 'Smith';
  const email = `${first.toLowerCase()}.${last.toLowerCase().replace('ü', 'ue')}${i}@${DOMAINS[i % DOMAINS.length] ?? 'example.com'}`;
  return { email, name: { first, last }, newsletter: i % 3 === 0 };
};

export interface SeedOptions {
  n: number;
  /** First generated index, to grow an existing store (benchmarks): identities `from`…`n - 1`. */
  from?: number;
  /** Identities written after the generated ones (hostile payloads, fixed test subjects); `schema_id` defaults to SEED_SCHEMA. */
  extra?: {
    traits: unknown;
    schema_id?: string;
    metadata_public?: unknown;
    metadata_admin?: unknown;
    state?: 'active' | 'inactive';
    created_at?: string;
    updated_at?: string;
  }[];
  /** RFC 3339 times for generated identity `i` (date-filter tests); by default the import's own time. */
  timestamps?: (i: number) => { created_at?: string; updated_at?: string };
  /** Records per call; the whole file is one import operation either way. */
  file?: string;
}

/**
 * Seeds a store through the real services, before the host opens it: the schema service adds the
 * presets, then the transfer service's streaming import validates, derives and indexes every
 * identity exactly as `identity-desk import` does.
 */
export const seedStore = async (dataDir: string, options: SeedOptions): Promise<{ imported: number; ms: number }> => {
  const started = performance.now();
  createServices({ dataDir, host: 'web', actor: 'e2e-seed' }).close();
  const file = options.file ?? join(dataDir, 'seed.ndjson');
  // Built as one string: a million records are ~100 MB of text, well within a test process.
  const lines: string[] = [];
  for (let i = options.from ?? 0; i < options.n; i++) {
    lines.push(JSON.stringify({ schema_id: SEED_SCHEMA, traits: seededTraits(i), ...options.timestamps?.(i) }));
  }
  for (const record of options.extra ?? []) lines.push(JSON.stringify({ schema_id: SEED_SCHEMA, ...record }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  const report = await runImport({ dataDir, request: { file, format: 'ndjson' }, actor: 'e2e-seed' });
  if (report.imported !== lines.length) throw new Error(`seeding imported ${report.imported} of ${lines.length}: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return { imported: report.imported, ms: performance.now() - started };
};
