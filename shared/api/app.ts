import type { AppInfo } from '../domain/app';
import type { ParamSchemas } from './params';

export interface AppApi {
  /** Version, data directory, store schema version and identity count: the status bar's facts. */
  info(): Promise<AppInfo>;
}

export const appParams = {
  info: [],
} satisfies ParamSchemas<AppApi>;
