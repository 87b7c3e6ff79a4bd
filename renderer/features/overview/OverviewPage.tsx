import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppInfo, ValidationProfile } from '../../../shared/domain/app';
import { VALIDATION_PROFILES } from '../../../shared/domain/app';
import { queryKeys, useApi } from '../../api/use-api';

const PROFILE_LABEL: Record<ValidationProfile, string> = {
  'kratos-v26': 'Kratos v26 (latest release)',
  'ory-network': 'Ory Network (Kratos main)',
};

const numberFormat = new Intl.NumberFormat();

/** The landing screen: what this store holds and where it lives. */
export const OverviewPage = () => {
  const api = useApi();
  const queries = useQueryClient();
  const { data, error, isPending } = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => api.app.info() });
  const setProfile = useMutation({
    mutationFn: (profile: ValidationProfile) => api.app.setProfile(profile),
    // The answer has every fact but the data directory, which the cached info keeps.
    onSuccess: (facts) => queries.setQueryData<AppInfo>(queryKeys.appInfo, (old) => (old === undefined ? old : { ...old, ...facts })),
  });
  const checkStore = useMutation({ mutationFn: () => api.app.checkStore() });
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
        <dt>
          <label htmlFor="profile-select">Validation profile</label>
        </dt>
        <dd>
          <select
            id="profile-select"
            value={data.profile}
            disabled={data.readOnly || setProfile.isPending}
            onChange={(e) => setProfile.mutate(e.target.value as ValidationProfile)}
          >
            {VALIDATION_PROFILES.map((p) => (
              <option key={p} value={p}>
                {PROFILE_LABEL[p]}
              </option>
            ))}
          </select>
          <p className="hint">Which Kratos every write and check here behaves like: match the server you sync to.</p>
          {setProfile.error ? <p role="alert">{setProfile.error.message}</p> : null}
        </dd>
        <dt>Host</dt>
        <dd>{data.host === 'desktop' ? 'Desktop app' : 'Local web host (loopback only)'}</dd>
      </dl>
      {data.readOnly ? (
        <p role="status" className="panel warning-panel" data-testid="overview-read-only">
          {data.readOnlyReason ?? 'This store is open read-only.'}
        </p>
      ) : null}
      <section aria-labelledby="store-check-title">
        <h2 id="store-check-title">Store file</h2>
        <p className="hint">Reads every page of the store file and checks SQLite's structure: a backup's health, or why something fails.</p>
        <button type="button" onClick={() => checkStore.mutate()} disabled={checkStore.isPending} aria-busy={checkStore.isPending}>
          {checkStore.isPending ? 'Checking the store…' : 'Check store'}
        </button>
        {checkStore.error ? <p role="alert">{checkStore.error.message}</p> : null}
        {checkStore.data ? (
          checkStore.data.ok ? (
            <p role="status" data-testid="store-check-result">
              The store file is sound (checked in {numberFormat.format(checkStore.data.durationMs)} ms).
            </p>
          ) : (
            <div role="alert" className="panel error-panel" data-testid="store-check-result">
              <p>The store file is damaged. SQLite reports:</p>
              <ul>
                {checkStore.data.problems.slice(0, 20).map((problem, i) => (
                  <li key={i}>{problem}</li>
                ))}
              </ul>
              <p>{checkStore.data.advice}</p>
            </div>
          )
        ) : null}
      </section>
    </section>
  );
};
