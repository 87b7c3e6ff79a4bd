import type { PendingChange } from '../../../shared/domain/sync';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi, positiveInt } from './store-call';

const usage = 'identity-desk pending [--limit N] [--offset N] [--data DIR] [--json]';

/** The outbox: what the next push sends, each change with its fields (before → after). */
export const pendingCommand: Command = {
  name: 'pending',
  summary: 'List the local changes waiting to be pushed, with their diffs',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { limit: { type: 'string' }, offset: { type: 'string' } }, usage);
    if (positionals.length > 0) throw new UsageError(`pending takes no arguments.\nUsage: ${usage}`);
    const query: Record<string, number> = {};
    const limit = positiveInt(values.limit, '--limit');
    if (limit !== undefined) query['limit'] = limit;
    if (values.offset !== undefined) query['offset'] = Math.max(0, Number(values.offset) || 0);
    const page = (await callApi(ctx, 'sync.pending', [query])) as { total: number; items: PendingChange[] };
    if (ctx.json) printJson(ctx, page);
    else {
      ctx.io.out(`${page.total} pending`);
      for (const p of page.items) {
        ctx.io.out(`${p.operation.padEnd(6)} ${p.identityId}  ${p.status}${p.lastError ? `: ${p.lastError}` : ''}`);
        for (const c of p.changes) ctx.io.out(`    ${c.pointer}: ${JSON.stringify(c.before) ?? '(absent)'} → ${JSON.stringify(c.after) ?? '(absent)'}`);
      }
    }
    return EXIT.ok;
  },
};
