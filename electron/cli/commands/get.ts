import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi } from './store-call';

const usage = 'identity-desk get ID [--whoami] [--data DIR] [--json]';

export const getCommand: Command = {
  name: 'get',
  summary: 'Show one identity (admin view, or --whoami for what the user sees)',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { whoami: { type: 'boolean' } }, usage);
    const [id] = positionals;
    if (id === undefined || positionals.length > 1) throw new UsageError(`give one identity id.\nUsage: ${usage}`);
    printJson(ctx, await callApi(ctx, values.whoami ? 'identities.whoamiView' : 'identities.get', [id]));
    return EXIT.ok;
  },
};
