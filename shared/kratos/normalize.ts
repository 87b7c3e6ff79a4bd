import type { ValidationProfile } from '../domain/app';
import { isGoMailAddrSpec } from './email';
import { toE164 } from './phone';

/**
 * Identifier and address normalization per profile (reference §2.3, §2.4). `kratos-v26` is the latest release
 * (`x/normalize.go` at v26.2.0 plus the persister's `ToLower(TrimSpace)`); `ory-network` is Kratos master
 * (PRECIS-style canonicalization, E.164 phones). Pure: usable by the renderer for previews.
 */

/** Go `strings.TrimSpace` trims Unicode White_Space, which `String.prototype.trim` matches closely. */
export const trimSpace = (v: string): string => v.trim();

export const lowerTrim = (v: string): string => v.trim().toLowerCase();

/** v26 `NormalizeEmailIdentifier`: `ToLower(TrimSpace)` only when the value contains `@`. */
export const normalizeEmailV26 = (v: string): string => (v.includes('@') ? lowerTrim(v) : v);

// Runes the HEAD email profile disallows: Bidi_Control, Default_Ignorable (which covers
// Other_Default_Ignorable), category C (controls, format, surrogates, private use, unassigned) and noncharacters.
const DISALLOWED = /[\p{C}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu;

/**
 * HEAD graceful canonicalization: NFKC (which includes width folding and ligature expansion: `ｏﬃce` → `office`),
 * drop disallowed runes (`alice\u200B@…` → `alice@…`), lowercase, trim. Emoji survive; Cyrillic homoglyphs are
 * not folded to Latin (NFKC does not do that).
 */
export const precisCanonicalize = (v: string): string =>
  v.normalize('NFKC').replace(DISALLOWED, '').toLowerCase().trim();

/** HEAD phone rule: width fold (NFKC) then E.164, or null when the number is not valid. */
export const normalizePhoneHead = (v: string): string | null => toE164(v.normalize('NFKC').trim());

/** `GracefulNormalization`: a valid phone becomes E.164, else the email rule, else the plain rule. */
export const gracefulNormalization = (v: string, profile: ValidationProfile): string => {
  if (profile === 'kratos-v26') {
    const phone = toE164(v);
    if (phone !== null) return phone;
    return v.includes('@') ? lowerTrim(v) : trimSpace(v);
  }
  const canonical = precisCanonicalize(v);
  return normalizePhoneHead(canonical) ?? canonical;
};

/**
 * HEAD `NormalizeEmailIdentifier` (strict email path): the PRECIS canonical form, which must still parse as a
 * `net/mail` address; null when it does not ("can not be normalized").
 */
export const normalizeEmailHead = (v: string): string | null => {
  const canonical = precisCanonicalize(v);
  return canonical.includes('@') && isGoMailAddrSpec(canonical) ? canonical : null;
};

/** The persister's final step for credential identifiers (reference §2.4, `NormalizeIdentifier`). */
export const normalizeCredentialIdentifier = (type: string, v: string, profile: ValidationProfile): string => {
  if (type !== 'password' && type !== 'code' && type !== 'webauthn') return v;
  return profile === 'kratos-v26' ? lowerTrim(v) : gracefulNormalization(v, profile);
};

/** The persister's final step for verifiable and recovery addresses. */
export const normalizeAddress = (v: string, profile: ValidationProfile): string =>
  profile === 'kratos-v26' ? lowerTrim(v) : gracefulNormalization(v, profile);

/** How two addresses are matched on update: exact in v26.2.0, both sides normalized at HEAD (§2.3). */
export const addressMatchKey = (via: string, value: string, profile: ValidationProfile): string =>
  `${via}\u0000${profile === 'kratos-v26' ? value : gracefulNormalization(value, profile)}`;
