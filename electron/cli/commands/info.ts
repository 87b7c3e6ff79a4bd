import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson } from '../output';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show the version, data directory, store version and identity count',
  usage: 'identity-desk info [--data DIR] [--json]',
  run: async (ctx) => {
    const info = ctx.services().app.info();
    if (ctx.json) {
      printJson(ctx, info);
      return EXIT.ok;
    }
    ctx.io.out(
      [
        `Identity Desk ${info.version}`,
        `data directory: ${info.dataDirectory}`,
        `store version:  ${info.schemaVersion}${info.readOnly ? ' (read-only: written by a newer Identity Desk)' : ''}`,
        `identities:     ${info.identityCount}`,
        `profile:        ${info.profile}`,
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
