import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect } from 'react';
import type { Api, EventName } from '../../shared/api';
import type { ApiClient } from '../../shared/rpc';

export const ApiContext = createContext<ApiClient | null>(null);

export const useApiClient = (): ApiClient => {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside <ApiContext.Provider>');
  return client;
};

export const useApi = (): Api => useApiClient().api;

/** Query keys per domain; events invalidate them so writers never refresh views by hand. */
export const queryKeys = {
  appInfo: ['app', 'info'] as const,
  identities: ['identities'] as const,
  schemas: ['schemas'] as const,
  operations: ['operations'] as const,
  sync: ['sync'] as const,
};

const INVALIDATES: Partial<Record<EventName, readonly (readonly string[])[]>> = {
  // Schema usage counts (and so which schemas may change) move with identities.
  'identities.changed': [queryKeys.identities, queryKeys.appInfo, queryKeys.schemas, queryKeys.operations, queryKeys.sync],
  'schemas.changed': [queryKeys.schemas, queryKeys.appInfo],
  'settings.changed': [queryKeys.appInfo],
  'jobs.finished': [queryKeys.identities, queryKeys.appInfo, queryKeys.schemas, queryKeys.operations, queryKeys.sync],
  'sync.changed': [queryKeys.sync, queryKeys.identities],
};

export const useEventInvalidation = (): void => {
  const client = useApiClient();
  const queries = useQueryClient();
  useEffect(() => {
    const offs = (Object.keys(INVALIDATES) as EventName[]).map((name) =>
      client.on(name, () => {
        for (const key of INVALIDATES[name] ?? []) void queries.invalidateQueries({ queryKey: key });
      }),
    );
    return () => offs.forEach((off) => off());
  }, [client, queries]);
};
