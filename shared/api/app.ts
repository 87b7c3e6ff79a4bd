import type { AppFacts, AppInfo, StoreHealth, ValidationProfile } from '../domain/app';
import { VALIDATION_PROFILES } from '../domain/app';
import type { FileGrant, PickFileOptions, PickSaveFileOptions } from '../domain/transfer';
import { TRANSFER_FORMATS } from '../domain/transfer';
import type { ParamSchemas } from './params';
import { array, object, oneOfValues, optional, string } from './params';

export interface AppApi {
  /** Version, data directory, store schema version and identity count: the status bar's facts. */
  info(): Promise<AppInfo>;
  /** Chooses which Kratos the engine behaves like: the latest release or Ory Network (Kratos main). Answers the facts without the data directory. */
  setProfile(profile: ValidationProfile): Promise<AppFacts>;
  /** "Check store": SQLite's full integrity check of the store file, run in a worker. */
  checkStore(): Promise<StoreHealth>;
  /** The desktop's open dialog, in the main process; a grant for `transfer.importFile`, null if cancelled. */
  pickFile(options?: PickFileOptions): Promise<FileGrant | null>;
  /** The desktop's save dialog; in the web host a private scratch file, downloaded after the export. */
  pickSaveFile(options: PickSaveFileOptions): Promise<FileGrant | null>;
}

export const appParams = {
  info: [],
  setProfile: [oneOfValues(VALIDATION_PROFILES)],
  checkStore: [],
  pickFile: [optional(object({ formats: array(oneOfValues(TRANSFER_FORMATS), { maxItems: 3 }) }))],
  pickSaveFile: [
    object(
      { format: oneOfValues(TRANSFER_FORMATS), suggestedName: string({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+$' }) },
      { required: ['format'] },
    ),
  ],
} satisfies ParamSchemas<AppApi>;
