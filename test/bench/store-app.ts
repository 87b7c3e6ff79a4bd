// The app's half of `npm run bench -- store`, in a process of its own (see store.ts): the import job, search and
// paging on the interactive connection, and the store-check job for "validate all" and a schema change's impact.
// Prints one JSON line.
import { openStore } from '../../electron/db/open-database';
import { runStoreCheck } from '../../electron/services/migration/store-check';
import { createSearchService } from '../../electron/services/search/index';
import { runImport } from '../../electron/services/transfer/import-job';
import { pagePositions, SCHEMA, searchTerms, time } from './store';

export interface AppRunResult {
  importRate: number;
  imported: number;
  skipped: number;
  searchMs: number[];
  pageMs: number[];
  checkpointRebuildMs: number;
  validateAllMs: number;
  impactMs: number;
  impactChecked: number;
  impactInvalid: number;
  peakRssMb: number;
}

const main = async (appDir: string, file: string): Promise<AppRunResult> => {
  // The interactive connection is open throughout, as the main process holds it while jobs run.
  const { db } = openStore(appDir);
  db.prepare("INSERT INTO schemas VALUES ('bench', ?, 'user', null, 'now')").run(JSON.stringify(SCHEMA));
  const t = performance.now();
  const report = await runImport({ dataDir: appDir, request: { file, skipInvalid: true }, actor: 'bench' });
  const importRate = ((report.imported + report.skipped) / (performance.now() - t)) * 1000;

  const search = createSearchService({ db });
  const searchMs = searchTerms().map((q) => time(() => search.query({ text: q, limit: 50 })));
  const total = db.prepare('SELECT count(*) FROM identities').pluck().get() as number;
  search.query({ position: 1 }); // builds the checkpoints once; later jumps reuse them
  const pageMs = pagePositions(total).map((p) => time(() => search.query({ position: p, limit: 50 })));
  const checkpointRebuildMs = time(() => {
    db.prepare("UPDATE counters SET value = value + 1 WHERE name = 'mutations'").run();
    search.query({ position: 1 });
  });

  const check = (targetSchema?: string) =>
    runStoreCheck({ dataDir: appDir, request: targetSchema === undefined ? {} : { schemaId: 'bench', targetSchema }, onProgress: () => undefined, isCancelled: () => false });
  const validateAllMs = time(() => check());
  // Issue 6's impact preview: the same job against a changed schema (a phone becomes required).
  const stricter = { ...SCHEMA, properties: { traits: { ...SCHEMA.properties.traits, required: ['email', 'phone'] } } };
  let impact = { checked: 0, invalid: 0 };
  const impactMs = time(() => (impact = check(JSON.stringify(stricter))));
  db.close();
  return {
    importRate,
    imported: report.imported,
    skipped: report.skipped,
    searchMs,
    pageMs,
    checkpointRebuildMs,
    validateAllMs,
    impactMs,
    impactChecked: impact.checked,
    impactInvalid: impact.invalid,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
};

const [appDir, file] = process.argv.slice(2);
if (appDir === undefined || file === undefined) throw new Error('usage: store-app.ts APP_DIR INPUT_FILE');
console.log(JSON.stringify(await main(appDir, file)));
