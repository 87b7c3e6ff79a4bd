import { useQuery } from '@tanstack/react-query';
import { queryKeys, useApi } from '../../api/use-api';

const numberFormat = new Intl.NumberFormat();

/** The landing screen: what this store holds and where it lives. */
export const OverviewPage = () => {
  const api = useApi();
  const { data, error, isPending } = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => api.app.info() });
  if (isPending) return <p aria-busy="true">Opening the store…</p>;
  if (error) {
    return (
      <div role="alert" className="panel error-panel">
        <h1>The store could not be read</h1>
        <p>{error.message}</p>
      </div>
    );
  }
  return (
    <section className="overview" aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <dl className="facts">
        <dt>Identities</dt>
        <dd data-testid="overview-identity-count">{numberFormat.format(data.identityCount)}</dd>
        <dt>Data directory</dt>
        <dd>
          <code>{data.dataDirectory}</code>
        </dd>
        <dt>Store version</dt>
        <dd>{data.schemaVersion}</dd>
        <dt>Validation profile</dt>
        <dd>{data.profile === 'kratos-v26' ? 'Kratos v26 (latest release)' : 'Ory Network (Kratos main)'}</dd>
        <dt>Host</dt>
        <dd>{data.host === 'desktop' ? 'Desktop app' : 'Local web host (loopback only)'}</dd>
      </dl>
      {data.readOnly ? (
        <p role="status" className="panel warning-panel">
          This store was written by a newer Identity Desk and is open read-only.
        </p>
      ) : null}
    </section>
  );
};
