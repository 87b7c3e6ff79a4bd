import type { ConflictRecord } from '../../../shared/domain/sync';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi } from './store-call';

const USAGE = ['identity-desk conflicts [--data DIR] [--json]', '       identity-desk conflicts resolve <identity-id> --take local|remote [--data DIR] [--json]'].join('\n');

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/** Fields changed on both sides (or an identity deleted on one side and edited on the other) wait here for a person. */
export const conflictsCommand: Command = {
  name: 'conflicts',
  summary: 'List sync conflicts, or resolve one by taking the local or the remote side',
  usage: USAGE,
  run: async (ctx) => {
    const [sub, ...rest] = ctx.args;
    if (sub === 'resolve') {
      const { values, positionals } = parseCommandArgs(rest, { take: { type: 'string' } }, USAGE);
      const [id] = positionals;
      if (id === undefined || positionals.length > 1) throw new UsageError(`give one identity id.\nUsage: ${USAGE}`);
      if (values.take !== 'local' && values.take !== 'remote') throw new UsageError(`--take must be local or remote.\nUsage: ${USAGE}`);
      await callApi(ctx, 'sync.resolveConflict', [id, { take: values.take }]);
      if (ctx.json) printJson(ctx, { resolved: id, take: values.take });
      else ctx.io.out(`resolved ${id}: took ${values.take}; the next push sends the result`);
      return EXIT.ok;
    }
    if (sub !== undefined) throw new UsageError(`unknown subcommand ${sub}.\nUsage: ${USAGE}`);
    const conflicts = (await callApi(ctx, 'sync.conflicts', [])) as ConflictRecord[];
    if (ctx.json) printJson(ctx, conflicts);
    else if (conflicts.length === 0) ctx.io.out('no conflicts');
    else
      for (const c of conflicts) {
        ctx.io.out(`${c.identityId} (${c.remote}, ${c.kind})`);
        for (const f of c.fields) ctx.io.out(`    ${f.pointer || '(whole identity)'}: base ${show(f.base)} | local ${show(f.local)} | remote ${show(f.remote)}`);
      }
    return EXIT.ok;
  },
};
