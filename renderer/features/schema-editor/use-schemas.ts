import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys, useApi, useApiClient } from '../../api/use-api';

export const schemaListKey = [...queryKeys.schemas, 'list'] as const;
/** The same key the identity browser uses for a schema's body, so both share the cache. */
export const schemaDetailKey = (id: string | null) => [...queryKeys.schemas, 'detail', id] as const;

/**
 * Every schema with its usage count. Counts change when identities do (imports, deletes, bulk
 * jobs), which the app-wide invalidation does not cover for schemas, so this listens itself.
 */
export const useSchemaList = () => {
  const api = useApi();
  const client = useApiClient();
  const queries = useQueryClient();
  useEffect(() => {
    const refresh = () => void queries.invalidateQueries({ queryKey: schemaListKey });
    const offs = [client.on('identities.changed', refresh), client.on('jobs.finished', refresh)];
    return () => offs.forEach((off) => off());
  }, [client, queries]);
  return useQuery({ queryKey: schemaListKey, queryFn: () => api.schemas.list() });
};

export const useSchemaDetail = (id: string | null) => {
  const api = useApi();
  return useQuery({ queryKey: schemaDetailKey(id), queryFn: () => api.schemas.get(id ?? ''), enabled: id !== null, retry: false });
};
