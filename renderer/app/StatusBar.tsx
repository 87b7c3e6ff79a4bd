import type { AppInfo } from '../../shared/domain/app';
import { SyncStatus } from '../features/sync';

const numberFormat = new Intl.NumberFormat();

export const StatusBar = ({ info, error }: { info: AppInfo | undefined; error: string | null }) => (
  <footer className="status-bar" aria-label="Status">
    {error ? (
      <span role="alert" className="status-error">
        {error}
      </span>
    ) : info ? (
      <>
        <span title="Where the local store lives">
          Data: <span data-testid="status-data-dir">{info.dataDirectory}</span>
        </span>
        <span>
          Identities: <strong data-testid="status-identity-count">{numberFormat.format(info.identityCount)}</strong>
        </span>
        <span title="Which Kratos the validation engine behaves like">
          Profile: <span data-testid="status-profile">{info.profile}</span>
        </span>
        <SyncStatus />
        {info.readOnly ? <span className="status-warning">Read-only store</span> : null}
        <span className="status-version">v{info.version}</span>
      </>
    ) : (
      <span>Connecting…</span>
    )}
  </footer>
);
