import { parsePhone } from '../../../shared/kratos/phone';

/**
 * Phone search (issue 16 §5, migration 0005): the E.164 digits of every trait string that is a valid international
 * number (what Kratos's `tel` format accepts: a leading `+` and no default region), stored reversed so that a
 * number's last digits are a prefix of its key. Any trait counts, not only `format: tel` ones, because the writer
 * has no schema at hand; a string that is a valid phone number is worth finding as one.
 */
export const phoneKeysOf = (traits: unknown): string[] => {
  const keys = new Set<string>();
  const walk = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      const first = value.charCodeAt(0);
      // Only strings that start with + (or the full-width plus Kratos also folds) can be valid without a region.
      if (first !== 0x2b && first !== 0xff0b) return;
      const e164 = parsePhone(value).e164;
      if (e164 !== null) keys.add(reverse(e164.slice(1)));
    } else if (depth < 256 && typeof value === 'object' && value !== null) for (const child of Object.values(value)) walk(child, depth + 1);
  };
  walk(traits, 0);
  return [...keys];
};

const reverse = (s: string): string => [...s].reverse().join('');

const PHONE_LIKE = /^[+\uff0b]?[\d\s().\-/\uff10-\uff19]+$/;

/**
 * The key prefixes a search text stands for when it reads as a phone number, or null: the E.164 digits of an
 * international number, else the digits typed (the end of a number: `656-691-8536`, `691 8536`), also without a
 * national trunk prefix (`020 7946 0958` ends `+44 20 7946 0958`). At least 6 digits, so short numbers stay text.
 */
export const phoneQueryKeys = (text: string): string[] | null => {
  const t = text.trim();
  if (!PHONE_LIKE.test(t)) return null;
  const digits = t.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return null;
  if (t.startsWith('+') || t.startsWith('\uff0b')) {
    const e164 = parsePhone(t).e164;
    return [reverse(e164 === null ? digits : e164.slice(1))];
  }
  const withoutTrunk = digits.replace(/^0+/, '');
  return [...new Set([digits, withoutTrunk].filter((d) => d.length >= 6).map(reverse))];
};
