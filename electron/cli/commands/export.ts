import type { ExportReport } from '../../../shared/domain/transfer';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';
import { parseCommandArgs, requireFlag } from './command-args';
import { absolute, callApi, waitForJob } from './store-call';

const usage = 'identity-desk export [QUERY] --format json|ndjson|csv --out FILE [--schema ID] [--state S] [--data DIR] [--json]';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export identities matching a query, streamed',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { format: { type: 'string' }, out: { type: 'string' }, schema: { type: 'string' }, state: { type: 'string' } }, usage);
    // The CLI names paths (its user typed them); it hands the router a grant like the renderer's.
    const out = absolute(ctx, requireFlag(values.out, '--out', usage));
    const request: Record<string, unknown> = { format: requireFlag(values.format, '--format', usage), grant: ctx.services().files.grantWrite(out).grant };
    if (positionals.length > 0) request['text'] = positionals.join(' ');
    if (values.schema !== undefined) request['schemaId'] = values.schema;
    if (values.state !== undefined) request['state'] = values.state;
    const { jobId } = (await callApi(ctx, 'transfer.exportFile', [request])) as { jobId: string };
    const report = (await waitForJob(ctx, jobId)) as ExportReport;
    if (ctx.json) printJson(ctx, report);
    else ctx.io.out(`exported ${report.exported} identities`);
    return EXIT.ok;
  },
};
