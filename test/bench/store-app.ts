// The app's half of `npm run bench -- store`, in a process of its own (see store.ts): the import job, search and
// paging on the interactive connection, and the store-check job for "validate all" and a schema change's impact.
// Prints one JSON line.
import { openStore } from '../../electron/db/open-database';
import { runStoreCheck } from '../../electron/services/migration/store-check';
import { createSearchService } from '../../electron/services/search/index';
import { runImport } from '../../electron/services/transfer/import-job';
import type { PlanName } from '../../electron/services/search/search-plan';
import { pagePositions, SCHEMA, SEARCH_CLASSES, SEARCH_SHAPES, SECOND_SCHEMA, time } from './store';

export interface AppRunResult {
  importRate: number;
  imported: number;
  skipped: number;
  /** First 50, per fragment class: one sample per fragment and sort/direction/filter. */
  searchMs: Record<string, number[]>;
  /** The slowest shape per class (p95 over its fragments is the sample: max here). */
  searchWorst: Record<string, Record<string, number>>;
  searchPlans: Record<string, Partial<Record<PlanName, number>>>;
  countMs: Record<string, { quick: number[]; exact: number[]; lowerBounds: number }>;
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
  for (const id of ['bench', SECOND_SCHEMA]) db.prepare("INSERT INTO schemas VALUES (?, ?, 'user', null, 'now')").run(id, JSON.stringify(SCHEMA));
  const t = performance.now();
  const report = await runImport({ dataDir: appDir, request: { file, skipInvalid: true }, actor: 'bench' });
  const importRate = ((report.imported + report.skipped) / (performance.now() - t)) * 1000;

  let plan: PlanName = 'index';
  const search = createSearchService({ db, onPlan: (p) => (plan = p) });
  // Each fragment in each shape once, as a keystroke meets it: the planner's estimate is cached per fragment (and
  // store generation), so only its first shape pays for it.
  const searchMs: AppRunResult['searchMs'] = {};
  const searchWorst: AppRunResult['searchWorst'] = {};
  const searchPlans: AppRunResult['searchPlans'] = {};
  const countMs: AppRunResult['countMs'] = {};
  for (const [name, fragments] of Object.entries(SEARCH_CLASSES)) {
    const ms: number[] = [];
    const worst: Record<string, number> = {};
    const plans: Partial<Record<PlanName, number>> = {};
    for (const text of fragments)
      for (const shape of SEARCH_SHAPES) {
        const t = time(() => search.query({ ...shape, text, limit: 50 }));
        ms.push(t);
        const key = JSON.stringify(shape);
        worst[key] = Math.max(worst[key] ?? 0, t);
        plans[plan] = (plans[plan] ?? 0) + 1;
      }
    searchMs[name] = ms;
    searchWorst[name] = worst;
    searchPlans[name] = plans;
    const counts = { quick: [] as number[], exact: [] as number[], lowerBounds: 0 };
    for (const text of fragments)
      for (const filter of [{}, { state: 'inactive' as const }]) {
        counts.quick.push(time(() => (counts.lowerBounds += search.count({ text, ...filter }).exact ? 0 : 1)));
        counts.exact.push(time(() => search.count({ text, ...filter }, { exact: true })));
      }
    countMs[name] = counts;
  }
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
    searchWorst,
    searchPlans,
    countMs,
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
