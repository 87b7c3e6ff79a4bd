import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ safeStorage: {} }));
const { createSafeStorageVault, PLAINTEXT_BACKEND } = await import('../../../electron/platform/safe-storage-vault');

/** A keystore whose "encryption" is reversible but visibly not the key (what matters is that only its output is written). */
const fakeStorage = (backend: string, available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (s: string) => Buffer.from(Buffer.from(s.split('').reverse().join(''), 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8').split('').reverse().join(''),
});

describe('remote keys in the OS keystore (electron/platform/safe-storage-vault.ts)', () => {
  it('stores only the ciphertext, one file per remote, and reads it back', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'identity-desk-vault-')), 'keys');
    const vault = createSafeStorageVault(dir, fakeStorage('gnome_libsecret'), 'linux');
    expect(vault.unavailable()).toBeNull();
    vault.save('prod', 'ory_pat_secret_value');
    expect(vault.read('prod')).toBe('ory_pat_secret_value');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(dir, files[0] as string)).includes(Buffer.from('ory_pat_secret_value'))).toBe(false);
    vault.remove('prod');
    expect(vault.read('prod')).toBeUndefined();
  });

  it("refuses to store a key on Linux's plaintext basic_text backend, and says so", () => {
    const vault = createSafeStorageVault(mkdtempSync(join(tmpdir(), 'identity-desk-vault-')), fakeStorage('basic_text'), 'linux');
    expect(vault.unavailable()).toBe(PLAINTEXT_BACKEND);
    expect(() => vault.save('prod', 'k')).toThrow(/basic_text/);
    expect(createSafeStorageVault('/nonexistent', fakeStorage('basic_text', false), 'darwin').unavailable()).toMatch(/not available/);
  });
});
