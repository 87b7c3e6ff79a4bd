import { dirname, join } from 'node:path';
import type { ImportReport } from '../../../shared/domain/transfer';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { absolute, callApi, readJsonFlag, waitForJob } from './store-call';

const usage =
  'identity-desk import FILE [--format json|ndjson|csv] [--mapping M.json] [--schema-id ID] [--skip-invalid] [--on-existing fail|skip|overwrite] [--dry-run] [--data DIR] [--json]';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import identities (Kratos JSON, NDJSON or CSV), streamed',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { format: { type: 'string' }, mapping: { type: 'string' }, 'schema-id': { type: 'string' }, 'skip-invalid': { type: 'boolean' }, 'on-existing': { type: 'string' }, 'dry-run': { type: 'boolean' } }, usage);
    const [file] = positionals;
    if (file === undefined || positionals.length > 1) throw new UsageError(`give one file to import.\nUsage: ${usage}`);
    // The CLI names paths (its user typed them); it hands the router a grant like the renderer's.
    const request: Record<string, unknown> = { grant: ctx.services().files.grantRead(absolute(ctx, file)).grant, skipInvalid: values['skip-invalid'] === true };
    if (values.format !== undefined) request['format'] = values.format;
    if (values['schema-id'] !== undefined) request['schemaId'] = values['schema-id'];
    if (values['on-existing'] !== undefined) request['onExisting'] = values['on-existing'];
    if (values['dry-run'] === true) request['dryRun'] = true;
    if (values.mapping !== undefined) request['mapping'] = readJsonFlag(ctx, values.mapping, '--mapping');
    const { jobId } = (await callApi(ctx, 'transfer.importFile', [request])) as { jobId: string };
    const report = (await waitForJob(ctx, jobId)) as ImportReport;
    if (ctx.json) printJson(ctx, report);
    else {
      const parts = [`${report.dryRun ? 'dry run: would import' : 'imported'} ${report.imported}`, `skipped ${report.skipped}`];
      if (report.overwritten > 0) parts.push(`overwritten ${report.overwritten}`);
      if (report.existing > 0) parts.push(`already there ${report.existing}`);
      // The report is named, not located: it sits beside the file the user gave.
      ctx.io.out(`${parts.join(', ')}${report.reportFile ? ` (report: ${join(dirname(absolute(ctx, file)), report.reportFile)})` : ''}`);
      for (const g of report.groups.slice(0, 20)) ctx.io.out(`  ${g.count} × ${g.pointer}: ${g.message} (lines ${g.lines.join(', ')}${g.count > g.lines.length ? ', …' : ''})`);
    }
    return report.skipped > 0 ? EXIT.invalid : EXIT.ok;
  },
};
