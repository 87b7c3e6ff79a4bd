import type { AppInfo, ValidationProfile } from '../../../shared/domain/app';
import { VALIDATION_PROFILES } from '../../../shared/domain/app';
import type { OpenedStore } from '../../db/open-database';

export interface AppServiceDeps {
  store: OpenedStore;
  dataDir: string;
  version: string;
  host: AppInfo['host'];
}

export interface AppService {
  info(): AppInfo;
  profile(): ValidationProfile;
}

export const DEFAULT_PROFILE: ValidationProfile = 'kratos-v26';

export const createAppService = ({ store, dataDir, version, host }: AppServiceDeps): AppService => {
  const countStatement = store.db.prepare("SELECT value FROM counters WHERE name = 'identities'");
  const settingStatement = store.db.prepare('SELECT value FROM settings WHERE key = ?');
  const profile = (): ValidationProfile => {
    const row = settingStatement.get('profile') as { value: string } | undefined;
    const value = row?.value;
    return VALIDATION_PROFILES.find((p) => p === value) ?? DEFAULT_PROFILE;
  };
  return {
    profile,
    info: () => ({
      name: 'Identity Desk',
      version,
      dataDirectory: dataDir,
      schemaVersion: store.schemaVersion,
      readOnly: store.readOnlyReason !== null,
      identityCount: (countStatement.get() as { value: number } | undefined)?.value ?? 0,
      profile: profile(),
      host,
    }),
  };
};
