import type { AuditPage } from '../../../shared/domain/audit';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi, positiveInt } from './store-call';

const usage = 'identity-desk audit [--identity ID] [--limit N] [--before CHANGE] [--revert CHANGE] [--data DIR] [--json]';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'List changes (newest first), or revert one with --revert',
  usage,
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { identity: { type: 'string' }, limit: { type: 'string' }, before: { type: 'string' }, revert: { type: 'string' } }, usage);
    const revert = positiveInt(values.revert, '--revert');
    if (revert !== undefined) {
      printJson(ctx, await callApi(ctx, 'audit.revert', [revert]));
      return EXIT.ok;
    }
    const query: Record<string, unknown> = {};
    if (values.identity !== undefined) query['identityId'] = values.identity;
    const limit = positiveInt(values.limit, '--limit');
    if (limit !== undefined) query['limit'] = limit;
    const before = positiveInt(values.before, '--before');
    if (before !== undefined) query['before'] = before;
    const page = (await callApi(ctx, 'audit.list', [query])) as AuditPage;
    if (ctx.json) printJson(ctx, page);
    else for (const e of page.items) ctx.io.out(`${e.changeId}  ${e.at}  ${e.actor}  ${e.action.padEnd(7)}  ${e.identityId}  ${e.patch ? JSON.stringify(e.patch) : ''}`);
    return EXIT.ok;
  },
};
