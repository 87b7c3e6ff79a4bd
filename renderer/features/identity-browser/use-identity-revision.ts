import { useEffect, useState } from 'react';
import { useApiClient } from '../../api/use-api';

/**
 * Counts the identity changes this page has heard of (its own writes, another window's, an import). List
 * positions hold only between two changes: one insert, delete or re-sorted edit shifts every row after it.
 */
export const useIdentityRevision = (): number => {
  const client = useApiClient();
  const [revision, setRevision] = useState(0);
  useEffect(() => client.on('identities.changed', () => setRevision((r) => r + 1)), [client]);
  return revision;
};
