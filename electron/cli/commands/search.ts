import type { SearchPage } from '../../../shared/domain/search';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi, positiveInt } from './store-call';

const usage = 'identity-desk search [QUERY] [--schema ID] [--state S] [--sort created|updated|identifier] [--limit N] [--after CURSOR] [--data DIR] [--json]';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Find identities by substring, schema and state',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { schema: { type: 'string' }, state: { type: 'string' }, sort: { type: 'string' }, limit: { type: 'string' }, after: { type: 'string' } }, usage);
    const query: Record<string, unknown> = {};
    if (positionals.length > 0) query['text'] = positionals.join(' ');
    if (values.schema !== undefined) query['schemaId'] = values.schema;
    if (values.state !== undefined) query['state'] = values.state;
    if (values.sort !== undefined) query['sort'] = values.sort;
    if (values.after !== undefined) query['after'] = values.after;
    const limit = positiveInt(values.limit, '--limit');
    if (limit !== undefined) query['limit'] = limit;
    const page = (await callApi(ctx, 'search.query', [query])) as SearchPage;
    if (ctx.json) printJson(ctx, page);
    else for (const i of page.items) ctx.io.out(`${i.id}  ${i.state.padEnd(8)}  ${JSON.stringify(i.traits)}`);
    return EXIT.ok;
  },
};
