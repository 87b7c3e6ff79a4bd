import type { LintFinding } from '../../../../shared/domain/schema';
import type { LintRule } from './context';
import { finding, formatOf, getObject, identifierTypes, isEmailTrait, isPhoneTrait, traitName } from './context';
import { looksLikeEmailName } from './names';
import type { TraitNode } from './walk';
import { childPointer } from './walk';

const identifiers = (nodes: readonly TraitNode[]): TraitNode[] => nodes.filter((n) => identifierTypes(n).length > 0);
const hasVerification = (n: TraitNode): boolean => getObject(n.ext, 'verification') !== null;
const hasRecovery = (n: TraitNode): boolean => getObject(n.ext, 'recovery') !== null;
const isEmail = (n: TraitNode): boolean => isEmailTrait(n, looksLikeEmailName);

export const noIdentifier: LintRule = ({ walk }) => {
  if (!walk.traits || identifiers(walk.nodes).length > 0) return [];
  return [
    finding(
      'identifier/none',
      'warning',
      childPointer(walk.traits.pointer, 'properties'),
      'No trait is a login identifier (credentials.password/webauthn/code.identifier): only social or enterprise sign-in can work.',
    ),
  ];
};

/** A format (or at least a pattern) is what keeps junk and look-alike values out of login identifiers. */
export const identifierWithoutFormat: LintRule = ({ walk }) =>
  identifiers(walk.nodes)
    .filter((n) => formatOf(n) === null && typeof n.schema['pattern'] !== 'string')
    .map((n) =>
      finding(
        'identifier/no-format',
        'warning',
        n.pointer,
        `Identifier "${traitName(n)}" has neither "format" (email, tel) nor "pattern": any string, including look-alikes and blanks, becomes a login name.`,
      ),
    );

export const identifierWithoutLength: LintRule = ({ walk }) =>
  identifiers(walk.nodes).flatMap((n) => {
    const missing = ['minLength', 'maxLength'].filter((k) => typeof n.schema[k] !== 'number');
    if (missing.length === 0) return [];
    return [
      finding(
        'identifier/no-length',
        'warning',
        n.pointer,
        `Identifier "${traitName(n)}" has no ${missing.join(' or ')}: very short identifiers are easy to guess and unbounded ones bloat indexes and emails.`,
      ),
    ];
  });

/**
 * An unverified e-mail identifier lets someone register an address they do not own before its owner
 * does (pre-hijacking); recovery by e-mail is the way back in after a lost password. A trait with
 * recovery but no verification is reported by `extension/verification-as-recovery` instead.
 */
export const emailWithoutVerificationOrRecovery: LintRule = ({ walk }) =>
  identifiers(walk.nodes)
    .filter(isEmail)
    .flatMap((n): LintFinding[] => {
      const out: LintFinding[] = [];
      if (!hasVerification(n) && !hasRecovery(n)) {
        out.push(
          finding(
            'email/no-verification',
            'warning',
            n.pointer,
            `E-mail identifier "${traitName(n)}" is never verified: anyone can sign up with someone else's address and wait for them (account pre-hijacking).`,
          ),
        );
      }
      if (!hasRecovery(n)) {
        out.push(
          finding(
            'email/no-recovery',
            'warning',
            n.pointer,
            `E-mail identifier "${traitName(n)}" has no recovery: a person who forgets the password is locked out until an admin helps.`,
          ),
        );
      }
      return out;
    });

/**
 * The username-only trade-off: nothing to verify or recover with, which also means no e-mail or
 * SMS channel through which an attacker could enumerate accounts. Worth knowing, not wrong.
 */
export const usernameOnly: LintRule = ({ walk }) => {
  const ids = identifiers(walk.nodes);
  if (ids.length === 0 || ids.some((n) => isEmail(n) || isPhoneTrait(n))) return [];
  if (walk.nodes.some((n) => hasRecovery(n) || hasVerification(n))) return [];
  const first = ids[0] as TraitNode;
  return [
    finding(
      'identifier/username-only',
      'info',
      first.pointer,
      'Username-only sign-in: accounts cannot be enumerated through recovery or verification messages, but a lost password can only be reset by an admin.',
    ),
  ];
};
