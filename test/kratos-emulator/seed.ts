import { formatNanos } from './clock';
import { bcryptShaped, passwordVersion } from './credentials';
import type { EmulatorKind, StoredCredential, StoredIdentity } from './model';
import { createRng } from './rng';

/**
 * Deterministic remote data: the same (seed, start index) gives the same identities. Realistic
 * enough for sync tests: mixed-case emails in traits (identifiers and addresses lowercased, as Kratos
 * stores them), names, some phones, bcrypt-shaped hashes, some verified addresses, some oidc links,
 * metadata, external ids, an organization, an inactive share, HEAD's `region` on some, and created_at
 * years in the past with nanosecond precision.
 */
const FIRST = [
  'Alice',
  'Bob',
  'Carla',
  'Dmitri',
  'Elif',
  'Femi',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Lars',
  'Mei',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Aoife',
  'Björn',
  'Chiara',
  'Dario',
];
const LAST = [
  'Smith',
  'Müller',
  'García',
  'Nguyen',
  'Kowalski',
  'Okafor',
  'Tanaka',
  'Rossi',
  'Johansson',
  'Dubois',
  'Silva',
  'Novak',
  'Haddad',
  'Kim',
  'Olsen',
  'Patel',
  'Schmidt',
  'Yilmaz',
  'Costa',
  'Brown',
  'Ivanova',
  'Moreau',
  'Fischer',
  'Lopez',
  'Andersen',
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example.io', 'example.co.uk'];
const ORGS = ['6b0bd5b8-96cb-4d5b-8f3b-2f0e9c0f5a11', 'c3f1e2d4-5b6a-4c7d-9e8f-0a1b2c3d4e5f'];
/**
 * A phone number unique to `n` (sms addresses are unique in Kratos too) that libphonenumber accepts:
 * German mobiles +49 151/176 with eight digits, or US +1 650 with a 2xx–9xx exchange.
 */
const phoneOf = (n: number): string => {
  const k = (n * 7919) % 8_000_000;
  if (n % 3 === 0) return `+1650${200 + Math.floor(k / 10_000)}${String(k % 10_000).padStart(4, '0')}`;
  return `+49${n % 3 === 1 ? '151' : '176'}${String((n * 7919) % 100_000_000).padStart(8, '0')}`;
};

const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase();

const capitalized = (s: string): string => `${s.slice(0, 1).toUpperCase()}${s.slice(1)}`;

/** 2019-01-01T00:00:00Z in nanoseconds, and a span of five years. */
const EPOCH_2019 = 1_546_300_800_000_000_000n;
const FIVE_YEARS = 5n * 365n * 86_400n * 1_000_000_000n;

export const seedIdentities = (kind: EmulatorKind, seed: number, start: number, count: number, schemaId: string): StoredIdentity[] => {
  const out: StoredIdentity[] = [];
  for (let n = start; n < start + count; n += 1) {
    const rng = createRng((seed * 1_000_003 + n) >>> 0);
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const domain = rng.pick(DOMAINS);
    const local = `${ascii(first)}.${ascii(last)}${n}`;
    const mixedCase = rng.next() < 0.2;
    const traitEmail = mixedCase
      ? `${capitalized(ascii(first))}.${capitalized(ascii(last))}${n}@${capitalized(domain)}`
      : `${local}@${domain}`;
    const email = traitEmail.toLowerCase();
    const created = EPOCH_2019 + BigInt(Math.floor(rng.next() * Number(FIVE_YEARS / 1_000_000n))) * 1_000_000n + BigInt(rng.int(1_000_000));
    const updated = created + BigInt(rng.int(400 * 86_400)) * 1_000_000_000n + BigInt(rng.int(1_000_000_000));
    const createdAt = formatNanos(created);
    const updatedAt = formatNanos(updated);
    const traits: Record<string, unknown> = { email: traitEmail, name: { first, last } };
    const phone = rng.next() < 0.3 ? phoneOf(n) : undefined;
    if (phone !== undefined) traits.phone = phone;
    const credentials: Record<string, StoredCredential> = {
      password: {
        type: 'password',
        identifiers: [email],
        config: { hashed_password: bcryptShaped(`seed:${seed}:${n}`) },
        version: passwordVersion(kind),
        created_at: createdAt,
        updated_at: createdAt,
      },
      code: {
        type: 'code',
        identifiers: [email],
        config: { addresses: [{ channel: 'email', address: email }] },
        version: 1,
        created_at: createdAt,
        updated_at: createdAt,
      },
    };
    if (rng.next() < 0.1) {
      const subject = String(100_000_000_000 + rng.int(900_000_000_000));
      credentials.oidc = {
        type: 'oidc',
        identifiers: [`google:${subject}`],
        config: { providers: [{ subject, provider: 'google', initial_id_token: '', initial_access_token: '', initial_refresh_token: '' }] },
        version: 0,
        created_at: createdAt,
        updated_at: createdAt,
      };
    }
    const verified = rng.next() < 0.6;
    const phoneVerified = rng.next() < 0.4;
    const verifiedAt = (): string => formatNanos(created + BigInt(rng.int(3_600)) * 1_000_000_000n + BigInt(rng.int(1_000_000_000)));
    const identity: StoredIdentity = {
      id: rng.uuid(),
      schema_id: schemaId,
      state: rng.next() < 0.05 ? 'inactive' : 'active',
      state_changed_at: createdAt,
      traits,
      credentials,
      verifiable_addresses: [
        {
          id: rng.uuid(),
          value: email,
          verified,
          via: 'email',
          status: verified ? 'completed' : 'pending',
          ...(verified ? { verified_at: verifiedAt() } : {}),
          created_at: createdAt,
          updated_at: verified ? updatedAt : createdAt,
        },
        // The schema's phone is a verification address via sms, derived after the email (schema order).
        ...(phone === undefined
          ? []
          : [
              {
                id: rng.uuid(),
                value: phone,
                verified: phoneVerified,
                via: 'sms',
                status: phoneVerified ? 'completed' : 'pending',
                ...(phoneVerified ? { verified_at: verifiedAt() } : {}),
                created_at: createdAt,
                updated_at: phoneVerified ? updatedAt : createdAt,
              },
            ]),
      ],
      recovery_addresses: [{ id: rng.uuid(), value: email, via: 'email', created_at: createdAt, updated_at: createdAt }],
      metadata_public: rng.next() < 0.2 ? { plan: rng.pick(['free', 'pro', 'team']) } : null,
      metadata_admin: rng.next() < 0.15 ? { crm_id: `CRM-${100_000 + n}`, notes: 'seeded' } : null,
      created_at: createdAt,
      updated_at: updatedAt,
      organization_id: rng.next() < 0.05 ? rng.pick(ORGS) : null,
      extra: rng.next() < 0.1 ? { region: rng.pick(['eu-central', 'us-east', 'asia-northeast']) } : {},
    };
    if (rng.next() < 0.1) identity.external_id = `ext-${seed}-${n}`;
    out.push(identity);
  }
  return out;
};
