import type { OperationRecord } from '../../../shared/domain/operations';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { printOperation } from './bulk';
import { parseCommandArgs } from './command-args';
import { callApi, positiveInt, waitForJob } from './store-call';

const usage = 'identity-desk operations [list [--kind K] [--limit N] | show ID | undo ID | apply ID] [--data DIR] [--json]';

export const operationsCommand: Command = {
  name: 'operations',
  summary: 'The history of operations (bulk edits, imports, undos): list, show, undo, resume',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { kind: { type: 'string' }, limit: { type: 'string' } }, usage);
    const [verb = 'list', id, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`too many arguments.\nUsage: ${usage}`);
    if (verb === 'list') {
      const query: Record<string, unknown> = {};
      if (values.kind !== undefined) query['kind'] = values.kind;
      const limit = positiveInt(values.limit, '--limit');
      if (limit !== undefined) query['limit'] = limit;
      const list = (await callApi(ctx, 'operations.list', [query])) as OperationRecord[];
      if (ctx.json) printJson(ctx, list);
      else for (const o of list) ctx.io.out(`${o.id}  ${o.kind.padEnd(9)} ${o.state.padEnd(9)} ${o.startedAt}  ${o.actor}  ${JSON.stringify(o.counts)}`);
      return EXIT.ok;
    }
    if (id === undefined) throw new UsageError(`${verb} needs an operation id.\nUsage: ${usage}`);
    if (verb === 'show') return printOperation(ctx, (await callApi(ctx, 'operations.get', [id])) as OperationRecord);
    if (verb === 'undo' || verb === 'apply') {
      const { jobId } = (await callApi(ctx, verb === 'undo' ? 'operations.undo' : 'operations.apply', [id])) as { jobId: string };
      const op = (await waitForJob(ctx, jobId)) as OperationRecord;
      if (verb === 'undo' && !ctx.json) {
        ctx.io.out(`undo ${op.id} ${op.state}: ${op.counts['reverted'] ?? 0} reverted, ${op.counts['changedSince'] ?? 0} changed since (left as they are), ${op.counts['failed'] ?? 0} failed`);
        return (op.counts['failed'] ?? 0) > 0 ? EXIT.invalid : EXIT.ok;
      }
      return printOperation(ctx, op);
    }
    throw new UsageError(`unknown subcommand ${JSON.stringify(verb.slice(0, 50))}.\nUsage: ${usage}`);
  },
};
