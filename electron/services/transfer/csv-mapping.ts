/** CSV column → trait path suggestions for the Import screen: from the header's names and the schema's trait columns. */

/** Our export's identity columns: read back into their fields, never traits (import-records.ts). */
export const IDENTITY_COLUMNS = [
  'id',
  'schema_id',
  'state',
  'state_changed_at',
  'external_id',
  'organization_id',
  'created_at',
  'updated_at',
  'metadata_public',
  'metadata_admin',
  'verifiable_addresses',
  'recovery_addresses',
  'credentials',
  'password_hash',
] as const;

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Words people use in headers for the same thing, squashed. */
const SYNONYMS: Record<string, string[]> = {
  email: ['mail', 'emailaddress', 'email', 'e_mail'],
  phone: ['phone', 'phonenumber', 'mobile', 'tel', 'telephone', 'cell', 'msisdn'],
  first: ['firstname', 'givenname', 'first', 'forename'],
  last: ['lastname', 'familyname', 'surname', 'last'],
  username: ['username', 'user', 'login', 'handle'],
  externalid: ['externalid', 'extid'],
};

/**
 * The trait path (or identity column) a header most likely means, or null: the exact name; the same name ignoring
 * case, spaces and punctuation (`Name First`, `name_first`); the segments reversed (`First Name` → `name.first`);
 * then the last segment or a common synonym, when only one trait matches.
 */
export const suggestTarget = (header: string, traitPaths: readonly string[]): string | null => {
  const own = IDENTITY_COLUMNS.find((c) => c === header) ?? null;
  if (own !== null) return own;
  if (traitPaths.includes(header)) return header;
  const h = squash(header.replace(/^traits\./, ''));
  if (h === '') return null;
  const ownSquashed = IDENTITY_COLUMNS.find((c) => squash(c) === h);
  if (ownSquashed) return ownSquashed;
  const exact = traitPaths.filter((p) => squash(p) === h || squash(p.split('.').reverse().join('')) === h);
  if (exact.length === 1) return exact[0] ?? null;
  const synonyms = Object.entries(SYNONYMS).filter(([, words]) => words.includes(h)).map(([key]) => key);
  const byLeaf = traitPaths.filter((p) => {
    const leaf = squash(p.split('.').at(-1) ?? p);
    return leaf === h || synonyms.includes(leaf);
  });
  return byLeaf.length === 1 ? (byLeaf[0] ?? null) : null;
};
