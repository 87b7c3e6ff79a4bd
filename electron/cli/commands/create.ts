import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';
import { parseCommandArgs, requireFlag } from './command-args';
import { callApi, readJsonFlag } from './store-call';

const usage = 'identity-desk create --schema-id ID --traits T.json [--metadata-public F] [--metadata-admin F] [--state S] [--data DIR] [--json]';

export const createCommand: Command = {
  name: 'create',
  summary: 'Create an identity, validated like Kratos',
  usage,
  run: async (ctx) => {
    const { values } = parseCommandArgs(ctx.args, { 'schema-id': { type: 'string' }, traits: { type: 'string' }, 'metadata-public': { type: 'string' }, 'metadata-admin': { type: 'string' }, state: { type: 'string' } }, usage);
    const input: Record<string, unknown> = { schema_id: requireFlag(values['schema-id'], '--schema-id', usage), traits: readJsonFlag(ctx, requireFlag(values.traits, '--traits', usage), '--traits') };
    if (values['metadata-public'] !== undefined) input['metadata_public'] = readJsonFlag(ctx, values['metadata-public'], '--metadata-public');
    if (values['metadata-admin'] !== undefined) input['metadata_admin'] = readJsonFlag(ctx, values['metadata-admin'], '--metadata-admin');
    if (values.state !== undefined) input['state'] = values.state;
    const identity = (await callApi(ctx, 'identities.create', [input])) as { id: string };
    if (ctx.json) printJson(ctx, identity);
    else ctx.io.out(identity.id);
    return EXIT.ok;
  },
};
