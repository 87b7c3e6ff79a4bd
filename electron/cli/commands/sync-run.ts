import type { PullReport, PushReport, SyncReport } from '../../../shared/domain/sync';
import type { Command, CommandContext, ExitCode } from '../command';
import { EXIT } from '../command';
import { printJson, UsageError } from '../output';
import { parseCommandArgs } from './command-args';
import { callApi, waitForJob } from './store-call';

type Direction = 'pull' | 'push' | 'sync';

const usageOf = (d: Direction) => `identity-desk ${d} [--remote <name>] [--data DIR] [--json]`;

const pullLine = (r: PullReport): string =>
  `pulled from ${r.remote}: ${r.seen} seen in ${r.pages} pages, ${r.created} created, ${r.updated} updated, ${r.merged} merged, ${r.deleted} deleted, ${r.unchanged} unchanged, ${r.conflicts} conflicts, ${r.skipped.length} skipped; schemas ${r.schemas.added.length} added${r.schemas.changedUnderKnownId.length > 0 ? `, changed under a known id: ${r.schemas.changedUnderKnownId.join(', ')}` : ''}`;

const pushLine = (r: PushReport): string =>
  `pushed to ${r.remote}: ${r.created} created, ${r.updated} updated, ${r.deleted} deleted, ${r.unchanged} unchanged, ${r.rejected.length} rejected, ${r.conflicts} conflicts, ${r.deferred} deferred (${r.requests} requests)`;

/** Exit 1 when something needs a person: a rejected change, a conflict, work left for later. */
const needsAttention = (pull: PullReport | undefined, push: PushReport | undefined): boolean =>
  (pull !== undefined && (pull.conflicts > 0 || pull.skipped.length > 0)) || (push !== undefined && (push.rejected.length > 0 || push.conflicts > 0 || push.deferred > 0));

const runDirection = (direction: Direction): Command => ({
  name: direction,
  summary:
    direction === 'pull'
      ? 'Pull identities and schemas from a remote Kratos (keyset scan, conflicts detected)'
      : direction === 'push'
        ? 'Push the pending local changes to a remote Kratos'
        : 'Pull, then push',
  usage: usageOf(direction),
  run: async (ctx: CommandContext): Promise<ExitCode> => {
    const { values, positionals } = parseCommandArgs(ctx.args, { remote: { type: 'string' } }, usageOf(direction));
    if (positionals.length > 0) throw new UsageError(`${direction} takes no arguments.\nUsage: ${usageOf(direction)}`);
    const request = values.remote === undefined ? {} : { remote: values.remote };
    const { jobId } = (await callApi(ctx, `sync.${direction}`, [request])) as { jobId: string };
    const report = (await waitForJob(ctx, jobId)) as PullReport | PushReport | SyncReport;
    const pull = direction === 'pull' ? (report as PullReport) : direction === 'sync' ? (report as SyncReport).pull : undefined;
    const push = direction === 'push' ? (report as PushReport) : direction === 'sync' ? (report as SyncReport).push : undefined;
    if (ctx.json) printJson(ctx, report);
    else {
      if (pull) ctx.io.out(pullLine(pull));
      if (push) {
        ctx.io.out(pushLine(push));
        for (const r of push.rejected) ctx.io.out(`  rejected ${r.operation} ${r.identityId}: ${r.reason}`);
      }
    }
    return needsAttention(pull, push) ? EXIT.invalid : EXIT.ok;
  },
});

export const pullCommand = runDirection('pull');
export const pushCommand = runDirection('push');
export const syncCommand = runDirection('sync');
