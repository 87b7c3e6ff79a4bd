import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs, requireFlag } from './command-args';
import { callApi, readJsonFlag } from './store-call';

const usage = 'identity-desk patch ID --patch P.json [--data DIR] [--json]';

export const patchCommand: Command = {
  name: 'patch',
  summary: 'Apply a JSON Patch (add/remove/replace) to an identity',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { patch: { type: 'string' } }, usage);
    const [id] = positionals;
    if (id === undefined || positionals.length > 1) throw new UsageError(`give one identity id.\nUsage: ${usage}`);
    const ops = readJsonFlag(ctx, requireFlag(values.patch, '--patch', usage), '--patch');
    printJson(ctx, await callApi(ctx, 'identities.patch', [id, ops]));
    return EXIT.ok;
  },
};
