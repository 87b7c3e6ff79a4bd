/**
 * Where remote keys live (issue 12 point 2). The Electron shell passes a vault backed by the OS keystore
 * (safeStorage, electron/platform/); under plain Node (web host, CLI) there is none, and a remote names
 * an environment variable instead. A key is never written to the store, a log, an error or an event.
 */
export interface KeyVault {
  /** Null when keys can be kept; otherwise why not (no keystore, or Linux's plaintext `basic_text` backend). */
  unavailable(): string | null;
  save(remote: string, key: string): void;
  read(remote: string): string | undefined;
  remove(remote: string): void;
}

export const NO_KEYSTORE = 'This host has no OS keystore: give the name of an environment variable that holds the key (--key-env VAR).';

export const noKeyVault: KeyVault = {
  unavailable: () => NO_KEYSTORE,
  save: () => {
    throw new Error(NO_KEYSTORE);
  },
  read: () => undefined,
  remove: () => undefined,
};
