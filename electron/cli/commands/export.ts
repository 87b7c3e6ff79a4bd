import type { ExportReport } from '../../../shared/domain/transfer';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs, requireFlag } from './command-args';
import { absolute, callApi, waitForJob } from './store-call';

const usage =
  'identity-desk export [QUERY] --format json|ndjson|csv --out FILE [--schema ID] [--state S] [--created-from T] [--created-to T] [--updated-from T] [--updated-to T] [--include-credentials] [--data DIR] [--json]';

/** Date flags, as the identity browser's filters name them (RFC 3339, inclusive). */
const DATE_FLAGS = { 'created-from': 'createdFrom', 'created-to': 'createdTo', 'updated-from': 'updatedFrom', 'updated-to': 'updatedTo' } as const;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export identities matching a query, streamed',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(
      ctx.args,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        schema: { type: 'string' },
        state: { type: 'string' },
        'created-from': { type: 'string' },
        'created-to': { type: 'string' },
        'updated-from': { type: 'string' },
        'updated-to': { type: 'string' },
        'include-credentials': { type: 'boolean' },
      },
      usage,
    );
    // The CLI names paths (its user typed them); it hands the router a grant like the renderer's.
    const out = absolute(ctx, requireFlag(values.out, '--out', usage));
    const request: Record<string, unknown> = { format: requireFlag(values.format, '--format', usage), grant: ctx.services().files.grantWrite(out).grant };
    if (positionals.length > 0) request['text'] = positionals.join(' ');
    if (values.schema !== undefined) request['schemaId'] = values.schema;
    if (values.state !== undefined) request['state'] = values.state;
    for (const [flag, field] of Object.entries(DATE_FLAGS)) {
      const value = values[flag as keyof typeof DATE_FLAGS];
      if (value === undefined) continue;
      if (Number.isNaN(Date.parse(value))) throw new UsageError(`--${flag} must be a date and time (RFC 3339, e.g. 2026-01-31T00:00:00Z).\nUsage: ${usage}`);
      request[field] = value;
    }
    if (values['include-credentials'] === true) request['includeCredentials'] = true;
    const { jobId } = (await callApi(ctx, 'transfer.exportFile', [request])) as { jobId: string };
    const report = (await waitForJob(ctx, jobId)) as ExportReport;
    if (ctx.json) printJson(ctx, report);
    else ctx.io.out(`exported ${report.exported} identities`);
    return EXIT.ok;
  },
};
