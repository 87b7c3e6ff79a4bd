import type { BulkPlanRequest, EditStep, OperationRecord, OperationReport, OperationTarget, TargetQuery, ValueTransform } from '../../../shared/domain/operations';
import { VALUE_TRANSFORMS } from '../../../shared/domain/operations';
import type { Command, CommandContext, ExitCode } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs, parseUserJson, readUserFile } from './command-args';
import { callApi, readJsonFlag, waitForJob } from './store-call';

const usage =
  'identity-desk bulk [QUERY] [--schema ID] [--state S] [--ids FILE] (--set POINTER=JSON | --copy POINTER=FROM[|lower|upper|trim] | --unset POINTER | --state-to active|inactive | --patch FILE | --delete)… [--dry-run] [--policy skip|all] [--data DIR] [--json]';

/** `POINTER=REST` at the first `=` after the pointer (a pointer may hold `=` only escaped in JSON, never here). */
const split = (arg: string, flag: string): [string, string] => {
  const at = arg.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} needs POINTER=VALUE, got ${JSON.stringify(arg.slice(0, 100))}.\nUsage: ${usage}`);
  return [arg.slice(0, at), arg.slice(at + 1)];
};

const copyStep = (arg: string): EditStep => {
  const [path, source] = split(arg, '--copy');
  const [from = '', ...names] = source.split('|');
  const transforms = names.map((n) => {
    const t = VALUE_TRANSFORMS.find((v) => v === n);
    if (!t) throw new UsageError(`--copy: unknown transform ${JSON.stringify(n)} (use ${VALUE_TRANSFORMS.join(', ')}).`);
    return t;
  });
  return { op: 'set', path, value: { from, ...(transforms.length > 0 ? { transforms: transforms as ValueTransform[] } : {}) } };
};

/** The ids file: one id per line, or a JSON array of ids. */
const readIds = (ctx: CommandContext, path: string): string[] => {
  const text = readUserFile(ctx, path, '--ids');
  if (text.trimStart().startsWith('[')) {
    const parsed = parseUserJson(text, path, '--ids');
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new UsageError('--ids: the JSON must be an array of identity ids.');
    return parsed;
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
};

const summary = (op: OperationRecord): string => {
  const report = (op.report as OperationReport | null) ?? {};
  const lines: string[] = [];
  const dry = report.dryRun;
  if (op.state === 'dry-run' && dry) {
    lines.push(`dry run of operation ${op.id}: ${dry.targets} targets, would change ${dry.wouldChange}, unchanged ${dry.unchanged}, would fail ${dry.wouldFail}${dry.missing ? `, missing ${dry.missing}` : ''}`);
    for (const g of dry.failures) lines.push(`  ${g.count} × ${g.pointer}: ${g.message} (e.g. ${g.examples.slice(0, 3).join(', ')})`);
    for (const s of dry.samples.slice(0, 5)) {
      lines.push(`  ${s.label || s.identityId}: ${s.deleted ? 'deleted' : s.changes.map((c) => `${c.pointer} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('; ')}`);
    }
    lines.push(`apply it with: identity-desk operations apply ${op.id}`);
    return lines.join('\n');
  }
  const c = op.counts;
  lines.push(`operation ${op.id} ${op.state}: ${c['applied'] ?? 0} changed, ${c['unchanged'] ?? 0} unchanged, ${c['failed'] ?? 0} failed of ${c['targets'] ?? 0}${op.reason ? ` (${op.reason})` : ''}`);
  for (const g of report.failures ?? []) lines.push(`  ${g.count} × ${g.pointer}: ${g.message} (e.g. ${g.examples.slice(0, 3).join(', ')})`);
  return lines.join('\n');
};

/** Prints an operation as the user wants it and picks the exit code: 1 when some identities failed (or would). */
export const printOperation = (ctx: CommandContext, op: OperationRecord): ExitCode => {
  if (ctx.json) printJson(ctx, op);
  else ctx.io.out(summary(op));
  const dry = (op.report as OperationReport | null)?.dryRun;
  const failed = op.state === 'dry-run' ? (dry?.wouldFail ?? 0) : (op.counts['failed'] ?? 0);
  return failed > 0 ? EXIT.invalid : EXIT.ok;
};

export const bulkCommand: Command = {
  name: 'bulk',
  summary: 'Edit many identities at once (a query or a list of ids): dry run, apply, undoable',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(
      ctx.args,
      {
        schema: { type: 'string' },
        state: { type: 'string' },
        ids: { type: 'string' },
        set: { type: 'string', multiple: true },
        copy: { type: 'string', multiple: true },
        unset: { type: 'string', multiple: true },
        'state-to': { type: 'string' },
        patch: { type: 'string' },
        delete: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        policy: { type: 'string' },
      },
      usage,
    );
    const steps: EditStep[] = [];
    for (const arg of values.set ?? []) {
      const [path, text] = split(arg, '--set');
      steps.push({ op: 'set', path, value: { literal: parseUserJson(text, path, '--set') } });
    }
    for (const arg of values.copy ?? []) steps.push(copyStep(arg));
    for (const path of values.unset ?? []) steps.push({ op: 'remove', path });
    if (values['state-to'] !== undefined) steps.push({ op: 'set', path: '/state', value: { literal: values['state-to'] } });
    if (values.patch !== undefined) steps.push({ op: 'patch', operations: readJsonFlag(ctx, values.patch, '--patch') as never });
    if (values.delete === true) steps.push({ op: 'delete' });
    if (steps.length === 0) throw new UsageError(`give an edit (--set, --copy, --unset, --state-to, --patch or --delete).\nUsage: ${usage}`);
    let target: OperationTarget;
    if (values.ids !== undefined) {
      if (positionals.length > 0 || values.schema !== undefined || values.state !== undefined) throw new UsageError('give either --ids or a query (QUERY, --schema, --state), not both.');
      target = { ids: readIds(ctx, values.ids) };
    } else {
      const query: TargetQuery = {};
      if (positionals.length > 0) query.text = positionals.join(' ');
      if (values.schema !== undefined) query.schemaId = values.schema;
      if (values.state !== undefined) query.state = values.state as TargetQuery['state'];
      target = { query };
    }
    const request: Record<string, unknown> = { target, edit: { steps }, dryRun: values['dry-run'] === true };
    if (values.policy !== undefined) request['policy'] = values.policy;
    const { operationId, jobId } = (await callApi(ctx, 'operations.plan', [request as unknown as BulkPlanRequest])) as { operationId: string; jobId: string };
    let op = (await waitForJob(ctx, jobId)) as OperationRecord;
    if (values['dry-run'] !== true) {
      const applied = (await callApi(ctx, 'operations.apply', [operationId])) as { jobId: string };
      op = (await waitForJob(ctx, applied.jobId)) as OperationRecord;
    }
    return printOperation(ctx, op);
  },
};
