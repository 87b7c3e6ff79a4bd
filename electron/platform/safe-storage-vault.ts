import { safeStorage } from 'electron';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyVault } from '../services/sync/key-vault';

/** The part of Electron's safeStorage the vault uses (a test passes its own). */
export type SafeStorage = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

export const PLAINTEXT_BACKEND =
  'Linux reports the plaintext "basic_text" keystore backend (no GNOME Keyring or KWallet is running), so a key would be stored unencrypted: it is not stored. Unlock or install a keyring, or set the key in an environment variable and give its name instead.';

/**
 * Remote keys in the OS keystore (issue 12 point 2): each key is encrypted by safeStorage (Keychain,
 * DPAPI, libsecret) and only the ciphertext is written, one file per remote under `dir`, never into the
 * SQLite store. On Linux's `basic_text` backend safeStorage would only obfuscate, so nothing is stored.
 */
export const createSafeStorageVault = (dir: string, storage: SafeStorage = safeStorage, platform: NodeJS.Platform = process.platform): KeyVault => {
  const file = (remote: string) => join(dir, `${Buffer.from(remote).toString('base64url')}.key`);
  const unavailable = (): string | null => {
    if (!storage.isEncryptionAvailable()) return 'The OS keystore is not available: set the key in an environment variable and give its name instead.';
    if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return PLAINTEXT_BACKEND;
    return null;
  };
  return {
    unavailable,
    save: (remote, key) => {
      const why = unavailable();
      if (why !== null) throw new Error(why);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file(remote), storage.encryptString(key), { mode: 0o600 });
    },
    read: (remote) => {
      let cipher: Buffer;
      try {
        cipher = readFileSync(file(remote));
      } catch {
        return undefined;
      }
      return storage.decryptString(cipher);
    },
    remove: (remote) => rmSync(file(remote), { force: true }),
  };
};
