import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi, readJsonFlag } from './store-call';

const usage = 'identity-desk update ID [--schema-id ID] [--traits T.json] [--metadata-public F] [--metadata-admin F] [--state S] [--data DIR] [--json]';

export const updateCommand: Command = {
  name: 'update',
  summary: 'Change an identity (fields not given stay as they are)',
  usage,
  run: async (ctx) => {
    const { values, positionals } = parseCommandArgs(ctx.args, { 'schema-id': { type: 'string' }, traits: { type: 'string' }, 'metadata-public': { type: 'string' }, 'metadata-admin': { type: 'string' }, state: { type: 'string' } }, usage);
    const [id] = positionals;
    if (id === undefined || positionals.length > 1) throw new UsageError(`give one identity id.\nUsage: ${usage}`);
    const input: Record<string, unknown> = {};
    if (values['schema-id'] !== undefined) input['schema_id'] = values['schema-id'];
    if (values.traits !== undefined) input['traits'] = readJsonFlag(ctx, values.traits, '--traits');
    if (values['metadata-public'] !== undefined) input['metadata_public'] = readJsonFlag(ctx, values['metadata-public'], '--metadata-public');
    if (values['metadata-admin'] !== undefined) input['metadata_admin'] = readJsonFlag(ctx, values['metadata-admin'], '--metadata-admin');
    if (values.state !== undefined) input['state'] = values.state;
    printJson(ctx, await callApi(ctx, 'identities.update', [id, input]));
    return EXIT.ok;
  },
};
