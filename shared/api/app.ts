import type { AppInfo, ValidationProfile } from '../domain/app';
import { VALIDATION_PROFILES } from '../domain/app';
import type { ParamSchemas } from './params';
import { oneOfValues } from './params';

export interface AppApi {
  /** Version, data directory, store schema version and identity count: the status bar's facts. */
  info(): Promise<AppInfo>;
  /** Chooses which Kratos the engine behaves like: the latest release or Ory Network (Kratos main). */
  setProfile(profile: ValidationProfile): Promise<AppInfo>;
}

export const appParams = {
  info: [],
  setProfile: [oneOfValues(VALIDATION_PROFILES)],
} satisfies ParamSchemas<AppApi>;
