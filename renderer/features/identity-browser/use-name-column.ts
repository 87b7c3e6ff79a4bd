import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { queryKeys, useApi } from '../../api/use-api';
import { nameColumnShown, schemasInScope } from './name-column';

/** Whether the list shows its Name column, for the schema filter in the URL ('' for all schemas). */
export const useNameColumn = (schemaFilter: string): boolean => {
  const api = useApi();
  // Kept under the identities key: which schemas have identities changes with identities, whose events refresh it.
  const usage = useQuery({
    queryKey: [...queryKeys.identities, 'schema-usage'],
    queryFn: () => api.schemas.list(),
    enabled: schemaFilter === '',
  });
  const scope = useMemo(
    () => (schemaFilter !== '' || usage.data ? schemasInScope(schemaFilter, usage.data ?? []) : null),
    [schemaFilter, usage.data],
  );
  // The same key as the detail page's schema query, so an opened identity's schema is not fetched twice.
  const bodies = useQueries({
    queries: (scope ?? []).map((id) => ({
      queryKey: [...queryKeys.schemas, 'detail', id],
      queryFn: () => api.schemas.get(id),
      retry: false,
    })),
  });
  const settled = new Map<string, unknown>();
  (scope ?? []).forEach((id, i) => {
    const body = bodies[i];
    if (body?.data) settled.set(id, body.data.body);
    else if (body?.error) settled.set(id, undefined);
  });
  const decided = scope === null ? null : nameColumnShown(scope, settled);
  // While schemas load, keep the last answer (at first: shown, as before) so the columns do not flicker.
  const [last, setLast] = useState(true);
  if (decided !== null && decided !== last) setLast(decided);
  return decided ?? last;
};
