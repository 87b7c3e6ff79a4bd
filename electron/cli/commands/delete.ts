import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi } from './store-call';

const usage = 'identity-desk delete ID [--data DIR] [--json]';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Delete an identity (audited; revert with the audit log)',
  usage,
  run: async (ctx) => {
    const { positionals } = parseCommandArgs(ctx.args, {}, usage);
    const [id] = positionals;
    if (id === undefined || positionals.length > 1) throw new UsageError(`give one identity id.\nUsage: ${usage}`);
    await callApi(ctx, 'identities.delete', [id]);
    if (ctx.json) printJson(ctx, { deleted: id });
    else ctx.io.out(`deleted ${id}`);
    return EXIT.ok;
  },
};
