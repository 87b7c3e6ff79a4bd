/**
 * Name heuristics for traits. A trait name is split into lowercase words ("cardNumber",
 * "card_number" → card, number) so that short words such as "pin" only match as whole words and
 * "shipping" or "pinterest" do not.
 */

export const nameWords = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');

const matches = (name: string, words: ReadonlySet<string>, joined: readonly string[]): boolean => {
  const parts = nameWords(name);
  const glued = parts.join('');
  return parts.some((w) => words.has(w)) || joined.some((j) => glued.includes(j));
};

const SENSITIVE_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'ssn',
  'pin',
  'cvv',
  'cvv2',
  'cvc',
  'card',
  'iban',
  'token',
  'otp',
]);
const SENSITIVE_JOINED = [
  'password',
  'socialsecurity',
  'creditcard',
  'apikey',
  'privatekey',
  'clientsecret',
  'nationalid',
  'taxid',
  'passportnumber',
];

/** Secrets and regulated identifiers: traits are shown to the user, returned by the API and stored in plain text. */
export const looksSensitive = (name: string): boolean => matches(name, SENSITIVE_WORDS, SENSITIVE_JOINED);

const BUSINESS_WORDS = new Set([
  'address',
  'addresses',
  'street',
  'city',
  'zip',
  'zipcode',
  'postcode',
  'postal',
  'cart',
  'basket',
  'order',
  'orders',
  'purchase',
  'purchases',
  'invoice',
  'invoices',
  'billing',
  'shipping',
  'payment',
  'payments',
  'subscription',
  'subscriptions',
  'preferences',
  'preference',
  'settings',
  'wishlist',
  'balance',
  'loyalty',
]);
const BUSINESS_JOINED = ['shoppingcart', 'orderhistory'];
/** "email_address" or "ip_address" are identity data, not a postal address. */
const ADDRESS_QUALIFIERS = new Set(['email', 'mail', 'e', 'ip', 'mac', 'phone', 'web', 'wallet']);

/** Application data that changes often and has no place in the identity (design §6). */
export const looksLikeBusinessData = (name: string): boolean => {
  const words = nameWords(name);
  if (words.some((w) => ADDRESS_QUALIFIERS.has(w)) && words.some((w) => w === 'address' || w === 'addresses')) return false;
  return matches(name, BUSINESS_WORDS, BUSINESS_JOINED);
};

const AUTHZ_WORDS = new Set([
  'role',
  'roles',
  'permission',
  'permissions',
  'privilege',
  'privileges',
  'entitlement',
  'entitlements',
  'scope',
  'scopes',
  'acl',
]);
const AUTHZ_JOINED = ['isadmin', 'superuser', 'isstaff'];

/** Authorization data: people can edit their own traits in the settings flow. */
export const looksLikeAuthorization = (name: string): boolean => matches(name, AUTHZ_WORDS, AUTHZ_JOINED);

export const looksLikeEmailName = (name: string): boolean => nameWords(name).some((w) => w === 'email' || w === 'mail');
