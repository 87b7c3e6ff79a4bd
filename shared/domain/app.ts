export const VALIDATION_PROFILES = ['kratos-v26', 'ory-network'] as const;
export type ValidationProfile = (typeof VALIDATION_PROFILES)[number];

export interface AppInfo {
  name: 'Identity Desk';
  version: string;
  /** Where the local store lives; shown to the user so they can back it up. */
  dataDirectory: string;
  /** The store's schema version (`PRAGMA user_version`). */
  schemaVersion: number;
  /** True when the store is open read-only: newer than this app, or damaged. */
  readOnly: boolean;
  /** Why the store is read-only, in words for the user (what is wrong and what to do); null when writable. */
  readOnlyReason: string | null;
  /** True when the store file is damaged or is not a store (see `app.checkStore`). */
  storeDamaged: boolean;
  identityCount: number;
  profile: ValidationProfile;
  /** Which host serves the renderer: the desktop shell or the loopback web host. */
  host: 'desktop' | 'web' | 'cli';
}

/**
 * The facts without the store's location: what `app.setProfile` answers. `app.info`'s `dataDirectory` is the one
 * server path the renderer is shown (the status bar's "Data: ..."); no other answer carries it.
 */
export type AppFacts = Omit<AppInfo, 'dataDirectory'>;

/** What `app.checkStore` found: SQLite's full integrity check of the store file. */
export interface StoreHealth {
  ok: boolean;
  /** SQLite's findings (at most 100 lines), or why the file could not be checked at all. */
  problems: string[];
  /** What to do when not ok: export what can be read, restore a backup. */
  advice: string | null;
  durationMs: number;
}
