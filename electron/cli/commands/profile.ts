import { VALIDATION_PROFILES, type ValidationProfile } from '../../../shared/domain/app';
import type { Command } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';

const usage = `identity-desk profile [${VALIDATION_PROFILES.join('|')}] [--data DIR] [--json]`;

export const profileCommand: Command = {
  name: 'profile',
  summary: 'Show or set which Kratos the store validates like (latest release or Ory Network)',
  usage,
  run: async (ctx) => {
    const [wanted, ...rest] = ctx.args;
    if (rest.length > 0) throw new UsageError(`give at most one profile.\nUsage: ${usage}`);
    if (wanted !== undefined && !VALIDATION_PROFILES.includes(wanted as ValidationProfile)) {
      throw new UsageError(`unknown profile "${wanted}". Choose ${VALIDATION_PROFILES.join(' or ')}.`);
    }
    const app = ctx.services().app;
    const info = wanted === undefined ? app.info() : app.setProfile(wanted as ValidationProfile);
    if (ctx.json) printJson(ctx, { profile: info.profile });
    else ctx.io.out(info.profile);
    return EXIT.ok;
  },
};
