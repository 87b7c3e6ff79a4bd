import { ParseError, parsePhoneNumberWithError } from 'libphonenumber-js/max';

/**
 * Phone rules as Kratos has them (reference §3.1 `tel`, §2.4): `phonenumbers.Parse(v, "")` — no default region,
 * so a leading `+country` is required — then `IsValidNumber`. libphonenumber-js with **max** metadata agrees with
 * Kratos on every `tel` value of its suite (reference §7.3).
 *
 * Parsing is the expensive part of validating a phone number, and one number is parsed several times: by the `tel`
 * format, by the extension's identifier and address hooks, and by the store's phone keys when the row is written,
 * which for an import comes after its batch of 4,000 rows was validated. The memo holds the recent strings those
 * repeats need. It held 200,000 before: that only served a second pass over the same identities in one process
 * (jobs run in workers of their own), and with a million distinct numbers its entries took the 1M import's peak
 * RSS from 446 to 567 MB (the import of `npm run bench -- store --n 1000000`'s file alone, session 10).
 */
export interface PhoneParse {
  /** E.164 when the number parsed and is valid; null otherwise. */
  e164: string | null;
  /** Go-style reason when it failed (the parse error, or "not a valid phone number"). */
  error: string | null;
}

const MEMO_LIMIT = 16_384;
const memo = new Map<string, PhoneParse>();

// Go's nyaruka/phonenumbers error texts, so messages that quote "the parse error" read like Kratos's.
const GO_PARSE_ERRORS: Record<string, string> = {
  NOT_A_NUMBER: 'the phone number supplied is not a number',
  INVALID_COUNTRY: 'invalid country code',
  TOO_SHORT: 'the string supplied is too short to be a phone number',
  TOO_LONG: 'the string supplied is too long to be a phone number',
  INVALID_LENGTH: 'the string supplied is too short to be a phone number',
};

const INVALID_NUMBER = 'the provided number is not a valid phone number';

// Go's phonenumbers (a port of Java libphonenumber) folds full-width digits and plus before parsing;
// libphonenumber-js does not, so fold them here (reference §7.3, an inference the reference marks untested).
const FULLWIDTH = /[\uFF0B\uFF10-\uFF19]/g;
const foldFullwidth = (s: string): string =>
  s.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

const parseUncached = (value: string): PhoneParse => {
  try {
    const parsed = parsePhoneNumberWithError(foldFullwidth(value));
    return parsed.isValid() ? { e164: parsed.number, error: null } : { e164: null, error: INVALID_NUMBER };
  } catch (err) {
    if (err instanceof ParseError) return { e164: null, error: GO_PARSE_ERRORS[err.message] ?? err.message };
    return { e164: null, error: INVALID_NUMBER };
  }
};

export const parsePhone = (value: string): PhoneParse => {
  const hit = memo.get(value);
  if (hit !== undefined) return hit;
  const result = parseUncached(value);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(value, result);
  return result;
};

/** Kratos `tel` format: any non-string fails, as in ory/jsonschema. */
export const isKratosTel = (value: unknown): boolean => typeof value === 'string' && parsePhone(value).e164 !== null;

/** E.164 form of a valid number, else null. */
export const toE164 = (value: string): string | null => parsePhone(value).e164;
