import type { AppInfo, StoreHealth, ValidationProfile } from '../domain/app';
import { VALIDATION_PROFILES } from '../domain/app';
import type { ParamSchemas } from './params';

export interface AppApi {
  /** Version, data directory, store schema version and identity count: the status bar's facts. */
  info(): Promise<AppInfo>;
  /** Chooses which Kratos the engine behaves like: the latest release or Ory Network (Kratos main). */
  setProfile(profile: ValidationProfile): Promise<AppInfo>;
  /** "Check store": SQLite's full integrity check of the store file, run in a worker. */
  checkStore(): Promise<StoreHealth>;
}

export const appParams = {
  info: [],
  setProfile: [{ enum: [...VALIDATION_PROFILES] }],
  checkStore: [],
} satisfies ParamSchemas<AppApi>;
