import { escapeToken, isRecord } from '../../../../shared/json';
import type { LintFinding } from '../../../../shared/domain/schema';
import type { LintRule } from './context';
import { finding, formatOf, getObject, traitName, viaOf } from './context';
import type { JsonObject, TraitNode } from './walk';
import { childPointer, EXTENSION_KEY, visitObjects } from './walk';

/** Where each `ory.sh/kratos` key is allowed (reference §2.1); every level is closed. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  '': ['credentials', 'verification', 'recovery', 'organizations'],
  credentials: ['password', 'webauthn', 'passkey', 'totp', 'code'],
  'credentials.password': ['identifier'],
  'credentials.webauthn': ['identifier'],
  'credentials.passkey': ['display_name'],
  'credentials.totp': ['account_name'],
  'credentials.code': ['identifier', 'via'],
  verification: ['via'],
  recovery: ['via'],
  organizations: ['matcher'],
};

const homesOf = (key: string): string[] =>
  Object.entries(ALLOWED)
    .filter(([, keys]) => keys.includes(key))
    .map(([path]) => (path === '' ? EXTENSION_KEY : `${EXTENSION_KEY}.${path}`));

/** Unknown or misplaced keys inside one `ory.sh/kratos` object; Kratos rejects the whole schema for them. */
const misplacedKeys = (ext: JsonObject, pointer: string, path = ''): LintFinding[] =>
  Object.entries(ext).flatMap(([key, value]) => {
    const here = path === '' ? key : `${path}.${key}`;
    const keyPointer = childPointer(pointer, key);
    if (!(ALLOWED[path] ?? []).includes(key)) {
      const homes = homesOf(key);
      const hint = homes.length > 0 ? ` It belongs under ${homes.join(' or ')}.` : ' Kratos does not know this key.';
      return [
        finding(
          'extension/misplaced',
          'error',
          keyPointer,
          `"${key}" is not allowed at ${EXTENSION_KEY}${path ? `.${path}` : ''}: Kratos refuses the schema.${hint}`,
        ),
      ];
    }
    return ALLOWED[here] && isRecord(value) ? misplacedKeys(value, keyPointer, here) : [];
  });

const looksLikeExtensionKey = (key: string): boolean => key !== EXTENSION_KEY && /kratos|^ory\.sh/i.test(key);

/**
 * Every `ory.sh/kratos` in the document: misplaced keys inside it, misspelled names for it, and
 * ones that sit outside the traits (where Kratos never runs them, so they silently do nothing).
 */
export const extensionPlacement: LintRule = ({ root, walk }) => {
  const traitPointers = new Set(walk.nodes.map((n) => n.pointer));
  const out: LintFinding[] = [];
  visitObjects(root, ({ pointer, key, value }) => {
    if (looksLikeExtensionKey(key)) {
      out.push(
        finding(
          'extension/misspelled',
          'warning',
          pointer,
          `"${key}" is not "${EXTENSION_KEY}": Kratos ignores it, so nothing is derived from this trait.`,
        ),
      );
      return;
    }
    if (key !== EXTENSION_KEY) return;
    const owner = pointer.slice(0, -`/${escapeToken(EXTENSION_KEY)}`.length);
    if (isRecord(value)) out.push(...misplacedKeys(value, pointer));
    if (!traitPointers.has(owner)) {
      out.push(
        finding(
          'extension/outside-traits',
          'warning',
          pointer,
          `"${EXTENSION_KEY}" here is not on a trait (it must sit on a property under properties.traits): Kratos never applies it.`,
        ),
      );
    }
  });
  return out;
};

/** The docs' "Verification address" example shows `recovery` where it means `verification` (reference §2.1). */
export const verificationAsRecovery: LintRule = ({ walk }) =>
  walk.nodes
    .filter((n) => getObject(n.ext, 'recovery') !== null && getObject(n.ext, 'verification') === null)
    .map((n) =>
      finding(
        'extension/verification-as-recovery',
        'warning',
        childPointer(n.pointer, EXTENSION_KEY, 'recovery'),
        `"${traitName(n)}" has recovery but no verification, so its address is never verified; if you followed the docs' verification example, the key is "verification", not "recovery".`,
      ),
    );

/** `code.identifier` without `via` passes the meta-schema but fails every identity at runtime (reference §2.1). */
export const codeWithoutVia: LintRule = ({ walk }) =>
  walk.nodes
    .filter((n) => getObject(n.ext, 'credentials', 'code')?.['identifier'] === true && viaOf(n, 'credentials', 'code') === undefined)
    .map((n) =>
      finding(
        'code/no-via',
        'error',
        childPointer(n.pointer, EXTENSION_KEY, 'credentials', 'code'),
        `"${traitName(n)}" is a code identifier without "via": Kratos fails every identity with 'channel type "" must be one of email, sms'. Add "via": "email" or "sms".`,
      ),
    );

const SMS_FORMATS = new Set(['tel', 'no-validate']);

const smsFinding = (n: TraitNode, where: string): LintFinding[] => {
  const format = formatOf(n);
  const pointer = childPointer(n.pointer, EXTENSION_KEY, ...where.split('.'));
  if (where === 'verification' && format === null) {
    return [
      finding(
        'sms/no-format',
        'error',
        pointer,
        `"${traitName(n)}" is verified by SMS without a "format": Kratos rejects every value ("A format is required if verification is enabled"). Use "format": "tel".`,
      ),
    ];
  }
  if (format !== null && SMS_FORMATS.has(format)) return [];
  return [
    finding(
      'sms/no-format',
      'warning',
      pointer,
      `"${traitName(n)}" is used ${where === 'credentials.code' ? 'as an SMS code identifier' : `for ${where} by SMS`} without "format": "tel": forms accept values that Kratos then rejects or cannot normalize to E.164.`,
    ),
  ];
};

export const smsWithoutFormat: LintRule = ({ walk }) =>
  walk.nodes.flatMap((n) =>
    (['verification', 'recovery', 'credentials.code'] as const)
      .filter((where) => viaOf(n, ...where.split('.')) === 'sms')
      .flatMap((where) => smsFinding(n, where)),
  );
