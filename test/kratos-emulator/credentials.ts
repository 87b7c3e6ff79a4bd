import { createHash } from 'node:crypto';
import { badRequestReason } from './errors';
import type { CredentialsImport, ProviderImport } from './decode';
import type { EmulatorKind, StoredCredential } from './model';

/** Credential import on create and PUT (reference §4.4–4.5): password, oidc and saml. */
const HASH_FORMATS: readonly RegExp[] = [
  /^\$2[abyz]?\$/,
  /^\$argon2(id|i)\$/,
  /^\$pbkdf2-(sha1|sha256|sha512)\$/,
  /^\$scrypt\$/,
  /^\{SSHA(256|512)?\}/,
  /^\$(sha1|sha256|sha512)\$pf=/,
  /^\$md5\$/,
  /^\$(md5|sha256|sha512)-crypt\$/,
  /^\$firescrypt\$/,
  /^\$hmac-(md4|md5|sha1|sha224|sha256|sha384|sha512)\$/,
];

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A bcrypt-shaped string (`$2a$10$` + 22 salt + 31 hash characters). Not a real bcrypt: the emulator
 * never checks passwords, it only has to store and show something of the right form.
 */
export const bcryptShaped = (seed: string): string => {
  const digest = createHash('sha512').update(seed).digest();
  let out = '$2a$10$';
  for (let i = 0; i < 53; i += 1) out += BCRYPT_ALPHABET[(digest[i % digest.length] ?? 0) % 64];
  return out;
};

export const passwordVersion = (kind: EmulatorKind): number => (kind === 'kratos' ? 0 : 1);

const passwordConfig = (
  kind: EmulatorKind,
  input: NonNullable<CredentialsImport['password']>['config'],
  salt: string,
): Record<string, unknown> => {
  if (input?.hashed_password !== undefined && input.hashed_password !== '') {
    if (!HASH_FORMATS.some((re) => re.test(input.hashed_password ?? ''))) {
      throw badRequestReason(
        kind === 'kratos'
          ? 'The imported password does not match any known hash format. For more information see https://www.ory.sh/dr/2'
          : 'The imported password does not match any known hash format.',
      );
    }
    return { hashed_password: input.hashed_password };
  }
  if (input?.password !== undefined && input.password !== '') return { hashed_password: bcryptShaped(`${salt}:${input.password}`) };
  if (input?.use_password_migration_hook === true) return { use_password_migration_hook: true };
  return {};
};

const providerIdentifiers = (providers: readonly ProviderImport[]): string[] => providers.map((p) => `${p.provider}:${p.subject}`);

const providerConfig = (p: ProviderImport): Record<string, unknown> => {
  const out: Record<string, unknown> = {
    subject: p.subject,
    provider: p.provider,
    initial_id_token: '',
    initial_access_token: '',
    initial_refresh_token: '',
  };
  if (p.organization !== undefined && p.organization !== null) out.organization = p.organization;
  if (p.use_auto_link !== undefined) out.use_auto_link = p.use_auto_link;
  return out;
};

/**
 * Merges imported credentials into `existing` the way PUT does (and create, from nothing): the password
 * is replaced; oidc/saml providers are appended.
 */
export const importCredentials = (
  kind: EmulatorKind,
  existing: Record<string, StoredCredential>,
  input: CredentialsImport | undefined,
  now: string,
  salt: string,
): Record<string, StoredCredential> => {
  const out = structuredClone(existing);
  if (input === undefined) return out;
  if (input.password !== undefined) {
    const previous = out.password;
    out.password = {
      type: 'password',
      identifiers: previous?.identifiers ?? [],
      config: passwordConfig(kind, input.password.config, salt),
      version: passwordVersion(kind),
      created_at: previous?.created_at ?? now,
      updated_at: now,
    };
  }
  for (const type of ['oidc', 'saml'] as const) {
    const providers = input[type]?.config?.providers;
    if (providers === undefined) continue;
    const previous = out[type];
    const kept = Array.isArray(previous?.config.providers) ? (previous.config.providers as unknown[]) : [];
    out[type] = {
      type,
      identifiers: [...(previous?.identifiers ?? []), ...providerIdentifiers(providers)],
      config: { ...(previous?.config ?? {}), providers: [...kept, ...providers.map(providerConfig)] },
      version: 0,
      created_at: previous?.created_at ?? now,
      updated_at: now,
    };
  }
  return out;
};

/** True when a create item carries a plaintext password (the batch limit of 200 counts these). */
export const hasPlaintextPassword = (input: CredentialsImport | undefined): boolean =>
  typeof input?.password?.config?.password === 'string' && input.password.config.password !== '';
