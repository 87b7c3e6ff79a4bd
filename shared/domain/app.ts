export const VALIDATION_PROFILES = ['kratos-v26', 'ory-network'] as const;
export type ValidationProfile = (typeof VALIDATION_PROFILES)[number];

export interface AppInfo {
  name: 'Identity Desk';
  version: string;
  /** Where the local store lives; shown to the user so they can back it up. */
  dataDirectory: string;
  /** The store's schema version (`PRAGMA user_version`). */
  schemaVersion: number;
  /** True when the database is newer than this app and was opened read-only. */
  readOnly: boolean;
  identityCount: number;
  profile: ValidationProfile;
  /** Which host serves the renderer: the desktop shell or the loopback web host. */
  host: 'desktop' | 'web' | 'cli';
}
