import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Identity } from '../../../shared/domain/identity';
import { queryKeys, useApi } from '../../api/use-api';
import { JsonText } from '../../components/JsonText';
import { AuditHistory } from './AuditHistory';

/** "As the user sees it" (whoami), the raw admin JSON and the audit history, each opened on demand. */
export const IdentityViews = ({ identity }: { identity: Identity }) => {
  const api = useApi();
  const [whoamiOpen, setWhoamiOpen] = useState(false);
  const whoami = useQuery({
    queryKey: [...queryKeys.identities, 'whoami', identity.id, identity.revision],
    queryFn: () => api.identities.whoamiView(identity.id),
    enabled: whoamiOpen,
  });
  return (
    <div className="ib-views">
      <details className="ib-card" open>
        <summary>History</summary>
        <AuditHistory identityId={identity.id} />
      </details>
      <details className="ib-card" onToggle={(e) => setWhoamiOpen(e.currentTarget.open)}>
        <summary>As the user sees it</summary>
        <p className="ib-muted ib-small">
          What <code>/sessions/whoami</code> returns to this person: no credentials and no admin metadata.
        </p>
        {whoami.data ? <JsonText value={whoami.data} label="Identity as the user sees it" /> : whoami.error ? <p role="alert">{whoami.error.message}</p> : <p aria-busy="true">Loading…</p>}
      </details>
      <details className="ib-card">
        <summary>Raw JSON</summary>
        <p className="ib-muted ib-small">The admin API's view, as stored locally (credential secrets are never shown).</p>
        <JsonText value={identity} label="Raw identity JSON" />
      </details>
    </div>
  );
};
