import { resolve } from 'node:path';
import type { MethodName } from '../../../shared/api';
import { fromWireError } from '../../../shared/errors';
import { createApi } from '../../ipc/create-api';
import { createRouter } from '../../ipc/router';
import type { CommandContext } from '../command';
import { UsageError } from '../output';
import { parseUserJson, readUserFile } from './command-args';

/**
 * Store commands call through the router, so the CLI gets exactly the argument checks the
 * renderer gets; a failure comes back as the same AppError the transports carry.
 */
export const callApi = async (ctx: CommandContext, method: MethodName, args: unknown[]): Promise<unknown> => {
  const router = createRouter(createApi(ctx.services()), ctx.log);
  const result = await router.call(method, args);
  if (!result.ok) throw fromWireError(result.error);
  return result.value;
};

export const readJsonFlag = (ctx: CommandContext, path: string | undefined, flag: string): unknown =>
  path === undefined ? undefined : parseUserJson(readUserFile(ctx, path, flag), path, flag);

export const absolute = (ctx: CommandContext, path: string): string => resolve(ctx.io.cwd, path);

export const positiveInt = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number.`);
  return n;
};

/** Waits for a job the CLI started and returns its report (the CLI is the job's only watcher). */
export const waitForJob = async (ctx: CommandContext, jobId: string): Promise<unknown> => ctx.services().jobs.wait(jobId);
