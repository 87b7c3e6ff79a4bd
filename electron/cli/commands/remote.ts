import type { RemoteKind, RemoteRecord } from '../../../shared/domain/sync';
import { REMOTE_KINDS } from '../../../shared/domain/sync';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi } from './store-call';

const USAGE = [
  'identity-desk remote add <name> --url <admin-base-url> [--kind kratos|ory-network] [--key-env VAR] [--data DIR] [--json]',
  '       identity-desk remote list [--data DIR] [--json]',
  '       identity-desk remote remove <name> [--data DIR] [--json]',
].join('\n');

const keyText = (r: RemoteRecord): string => (r.key.kind === 'env' ? `key from $${r.key.variable}` : r.key.kind === 'keystore' ? (r.key.stored ? 'key stored' : 'no key stored') : 'no key');

/** Remotes are named admin APIs; the CLI records only the name of the variable that holds a key, never the key. */
export const remoteCommand: Command = {
  name: 'remote',
  summary: 'Add, list or remove a remote Kratos admin API (self-hosted or Ory Network)',
  usage: USAGE,
  run: async (ctx) => {
    const [sub, ...rest] = ctx.args;
    if (sub === 'add') {
      const { values, positionals } = parseCommandArgs(rest, { url: { type: 'string' }, kind: { type: 'string' }, 'key-env': { type: 'string' } }, USAGE);
      const [name] = positionals;
      if (name === undefined || positionals.length > 1) throw new UsageError(`give one remote name.\nUsage: ${USAGE}`);
      if (values.url === undefined) throw new UsageError(`--url is required.\nUsage: ${USAGE}`);
      const kind = (values.kind ?? 'kratos') as RemoteKind;
      if (!REMOTE_KINDS.includes(kind)) throw new UsageError(`--kind must be kratos or ory-network.\nUsage: ${USAGE}`);
      const key = values['key-env'] === undefined ? { kind: 'none' as const } : { kind: 'env' as const, variable: values['key-env'] };
      const added = (await callApi(ctx, 'sync.addRemote', [{ name, url: values.url, kind, key }])) as RemoteRecord;
      if (ctx.json) printJson(ctx, added);
      else ctx.io.out(`added ${added.name}: ${added.url} (${added.kind}, ${keyText(added)})`);
      return EXIT.ok;
    }
    if (sub === 'list') {
      parseCommandArgs(rest, {}, USAGE);
      const remotes = (await callApi(ctx, 'sync.listRemotes', [])) as RemoteRecord[];
      if (ctx.json) printJson(ctx, remotes);
      else if (remotes.length === 0) ctx.io.out('no remotes');
      else for (const r of remotes) ctx.io.out(`${r.name}  ${r.url}  ${r.kind}  ${keyText(r)}  ${r.identities} identities  last pull ${r.lastPullAt ?? 'never'}  last push ${r.lastPushAt ?? 'never'}`);
      return EXIT.ok;
    }
    if (sub === 'remove') {
      const { positionals } = parseCommandArgs(rest, {}, USAGE);
      const [name] = positionals;
      if (name === undefined || positionals.length > 1) throw new UsageError(`give one remote name.\nUsage: ${USAGE}`);
      await callApi(ctx, 'sync.removeRemote', [name]);
      if (ctx.json) printJson(ctx, { removed: name });
      else ctx.io.out(`removed ${name}`);
      return EXIT.ok;
    }
    throw new UsageError(`remote needs add, list or remove.\nUsage: ${USAGE}`);
  },
};
