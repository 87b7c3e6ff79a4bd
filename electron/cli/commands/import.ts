import type { ImportReport } from '../../../shared/domain/transfer';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { absolute, callApi, readJsonFlag, waitForJob } from './store-call';

const usage = 'identity-desk import FILE [--format json|ndjson|csv] [--mapping M.json] [--schema-id ID] [--skip-invalid] [--data DIR] [--json]';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import identities (Kratos JSON, NDJSON or CSV), streamed',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { format: { type: 'string' }, mapping: { type: 'string' }, 'schema-id': { type: 'string' }, 'skip-invalid': { type: 'boolean' } }, usage);
    const [file] = positionals;
    if (file === undefined || positionals.length > 1) throw new UsageError(`give one file to import.\nUsage: ${usage}`);
    // The CLI names paths (its user typed them); it hands the router a grant like the renderer's.
    const request: Record<string, unknown> = { grant: ctx.services().files.grantRead(absolute(ctx, file)).grant, skipInvalid: values['skip-invalid'] === true };
    if (values.format !== undefined) request['format'] = values.format;
    if (values['schema-id'] !== undefined) request['schemaId'] = values['schema-id'];
    if (values.mapping !== undefined) request['mapping'] = readJsonFlag(ctx, values.mapping, '--mapping');
    const { jobId } = (await callApi(ctx, 'transfer.importFile', [request])) as { jobId: string };
    const report = (await waitForJob(ctx, jobId)) as ImportReport;
    if (ctx.json) printJson(ctx, report);
    else ctx.io.out(`imported ${report.imported}, skipped ${report.skipped}${report.reportFile ? ` (report: ${report.reportFile})` : ''}`);
    return report.skipped > 0 ? EXIT.invalid : EXIT.ok;
  },
};
