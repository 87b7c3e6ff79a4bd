import type { StoreHealth } from '../../../shared/domain/app';
import type { StoreCheckReport } from '../../../shared/domain/migration';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';
import { parseCommandArgs, readUserFile } from './command-args';
import { callApi, waitForJob } from './store-call';

const usage = 'identity-desk check [--schema-id ID] [--against S.json] [--profile kratos-v26|ory-network] [--data DIR] [--json]';

export const checkCommand: Command = {
  name: 'check',
  summary: "Check the store file (SQLite's integrity_check), then validate stored identities; --against previews a schema change",
  usage,
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { 'schema-id': { type: 'string' }, against: { type: 'string' }, profile: { type: 'string' } }, usage);
    const request: Record<string, unknown> = {};
    if (values['schema-id'] !== undefined) request['schemaId'] = values['schema-id'];
    if (values.profile !== undefined) request['profile'] = values.profile;
    if (values.against !== undefined) request['targetSchema'] = readUserFile(ctx, values.against, '--against');
    // The file first: validating identities read from a damaged file would report nonsense, or fail midway.
    const store = (await callApi(ctx, 'app.checkStore', [])) as StoreHealth;
    if (!store.ok) {
      if (ctx.json) printJson(ctx, { error: { code: 'STORE_CORRUPT', message: 'The store file is damaged.', details: store } });
      else {
        ctx.io.err('identity-desk: STORE_CORRUPT: the store file is damaged. SQLite reports:');
        for (const line of store.problems.slice(0, 20)) ctx.io.err(`  ${line}`);
        ctx.io.err(store.advice ?? '');
      }
      return EXIT.usage;
    }
    if (!ctx.json) ctx.io.out(`store file: integrity ok (${store.durationMs} ms)`);
    const { jobId } = (await callApi(ctx, 'migration.checkStore', [request])) as { jobId: string };
    const report = (await waitForJob(ctx, jobId)) as StoreCheckReport;
    if (ctx.json) printJson(ctx, report);
    else {
      ctx.io.out(`checked ${report.checked}, invalid ${report.invalid} (${report.durationMs} ms)`);
      for (const g of report.groups.slice(0, 20)) ctx.io.out(`  ${String(g.count).padStart(8)}  ${g.pointer}: ${g.message}  e.g. ${g.examples[0] ?? ''}`);
      if (report.groups.length > 20 || report.truncated) ctx.io.out('  … more kinds of failure; use --json for all');
    }
    return report.invalid > 0 ? EXIT.invalid : EXIT.ok;
  },
};
