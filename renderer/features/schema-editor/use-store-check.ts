import { useCallback } from 'react';
import type { StoreCheckRequest } from '../../../shared/domain/migration';
import { useJob, type FollowedJob } from '../../api/use-job';

export interface StoreCheck extends Omit<FollowedJob<'store-check'>, 'start'> {
  start(request: StoreCheckRequest): void;
}

/** `migration.checkStore` followed as a job: progress, the StoreCheckReport, and Cancel that stops the worker. */
export const useStoreCheck = (): StoreCheck => {
  const job = useJob<'store-check'>();
  const { start: startJob } = job;
  const start = useCallback((request: StoreCheckRequest) => startJob((api) => api.migration.checkStore(request)), [startJob]);
  return { ...job, start };
};
