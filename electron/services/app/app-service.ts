import type { AppInfo, ValidationProfile } from '../../../shared/domain/app';
import { AppError } from '../../../shared/errors';
import type { OpenedStore } from '../../db/open-database';
import type { EventBus } from '../events/event-bus';
import { readProfile } from '../identities/index';

export interface AppServiceDeps {
  store: OpenedStore;
  events: EventBus;
  dataDir: string;
  version: string;
  host: AppInfo['host'];
}

export interface AppService {
  info(): AppInfo;
  profile(): ValidationProfile;
  /** Which Kratos every later write and check behaves like (stored in settings). */
  setProfile(profile: ValidationProfile): AppInfo;
}

export const createAppService = ({ store, events, dataDir, version, host }: AppServiceDeps): AppService => {
  const countStatement = store.db.prepare("SELECT value FROM counters WHERE name = 'identities'").pluck();
  const profile = () => readProfile(store.db);
  const info = (): AppInfo => ({
    name: 'Identity Desk',
    version,
    dataDirectory: dataDir,
    schemaVersion: store.schemaVersion,
    readOnly: store.readOnlyReason !== null,
    identityCount: (countStatement.get() as number | undefined) ?? 0,
    profile: profile(),
    host,
  });
  return {
    profile,
    info,
    setProfile: (next) => {
      if (store.readOnlyReason !== null) throw new AppError('FORBIDDEN', store.readOnlyReason);
      store.db.prepare("INSERT INTO settings (key, value) VALUES ('profile', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(next);
      events.emit('settings.changed', { keys: ['profile'] });
      return info();
    },
  };
};
