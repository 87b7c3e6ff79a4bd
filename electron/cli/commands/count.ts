import type { SearchCount } from '../../../shared/domain/search';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi } from './store-call';

const usage = 'identity-desk count [QUERY] [--schema ID] [--state S] [--data DIR] [--json]';

export const countCommand: Command = {
  name: 'count',
  summary: 'Count identities (kept incrementally: no recount)',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { schema: { type: 'string' }, state: { type: 'string' } }, usage);
    const query: Record<string, unknown> = {};
    if (positionals.length > 0) query['text'] = positionals.join(' ');
    if (values.schema !== undefined) query['schemaId'] = values.schema;
    if (values.state !== undefined) query['state'] = values.state;
    const count = (await callApi(ctx, 'search.count', [query, { exact: true }])) as SearchCount;
    if (ctx.json) printJson(ctx, count);
    else ctx.io.out(`${count.filtered}${count.exact ? '' : '+'}`);
    return EXIT.ok;
  },
};
