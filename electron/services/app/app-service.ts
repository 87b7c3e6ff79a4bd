import type { AppInfo, StoreHealth, ValidationProfile } from '../../../shared/domain/app';
import { AppError } from '../../../shared/errors';
import type { OpenedStore } from '../../db/open-database';
import { RECOVERY_ADVICE } from '../../db/open-database';
import { runWorker } from '../jobs/run-worker';
import type { IntegrityWorkerData } from './integrity-worker';
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
  /** SQLite's full integrity check of the store file, in a worker (it reads every page). */
  checkStore(): Promise<StoreHealth>;
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
    readOnlyReason: store.readOnlyReason,
    storeDamaged: store.damage !== null,
    identityCount: (countStatement.get() as number | undefined) ?? 0,
    profile: profile(),
    host,
  });
  return {
    profile,
    info,
    setProfile: (next) => {
      if (store.readOnlyReason !== null) throw new AppError('READ_ONLY', store.readOnlyReason);
      store.db.prepare("INSERT INTO settings (key, value) VALUES ('profile', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(next);
      events.emit('settings.changed', { keys: ['profile'] });
      return info();
    },
    checkStore: async () => {
      const started = Date.now();
      let problems: string[];
      if (store.damage !== null && !store.damage.readable) problems = [store.damage.detail];
      else {
        const data: IntegrityWorkerData = { file: store.file };
        problems = (await runWorker(import.meta.url, 'integrity-worker', data, { signal: new AbortController().signal, onProgress: () => undefined })) as string[];
        // quick_check on open saw damage that the full check does not list: still report what was seen.
        if (problems.length === 0 && store.damage !== null) problems = [store.damage.detail];
      }
      const ok = problems.length === 0;
      return { ok, problems, advice: ok ? null : RECOVERY_ADVICE, durationMs: Date.now() - started };
    },
  };
};
