import type { Api } from '../../../shared/api';
import type { JobId, JobRecord } from '../../../shared/domain/jobs';
import type { ContractHarness } from '../harness';

/** One method's contract: called through the client, so every transport is held to the same answers. */
export type ContractCase = (h: ContractHarness) => Promise<void>;

/** The cases of one domain, one per method: a method without a case is a compile error here. */
export type DomainCases<D extends keyof Api> = { [M in keyof Api[D] & string as `${D}.${M}`]: ContractCase };

/** Waits until the job has ended, as the renderer sees it through `jobs.get`. */
export const jobEnd = async (h: ContractHarness, jobId: JobId): Promise<JobRecord> => {
  for (;;) {
    const record = await h.client.api.jobs.get(jobId);
    if (record.state !== 'running') return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

export const newIdentity = (h: ContractHarness, email: string) => h.client.api.identities.create({ traits: { email } });

/** A call that breaks the contract on purpose: wrong types get past the compiler, not past the router. */
export const untyped = <T>(value: T): Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> =>
  value as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
