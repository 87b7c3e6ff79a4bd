import { isRecord } from '../../../../shared/json';
import type { LintFinding, LintSeverity } from '../../../../shared/domain/schema';
import type { JsonObject, SchemaWalk, TraitNode } from './walk';

export interface LintContext {
  root: unknown;
  walk: SchemaWalk;
}

export type LintRule = (ctx: LintContext) => LintFinding[];

export const finding = (ruleId: string, severity: LintSeverity, pointer: string, message: string): LintFinding => ({
  ruleId,
  severity,
  pointer,
  message,
});

/** The trait's display name: its dotted path ("name.first"). */
export const traitName = (node: TraitNode): string => node.path.join('.');

/** The last path segment that is a real name (array items are "[]"). */
export const leafName = (node: TraitNode): string => [...node.path].reverse().find((p) => p !== '[]') ?? '';

export const getObject = (value: unknown, ...keys: string[]): JsonObject | null => {
  let current: unknown = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return isRecord(current) ? current : null;
};

export const CREDENTIAL_IDENTIFIER_TYPES = ['password', 'webauthn', 'code'] as const;

/** The credential types for which this trait is a login identifier. */
export const identifierTypes = (node: TraitNode): string[] =>
  CREDENTIAL_IDENTIFIER_TYPES.filter((type) => getObject(node.ext, 'credentials', type)?.['identifier'] === true);

export const viaOf = (node: TraitNode, ...keys: string[]): unknown => getObject(node.ext, ...keys)?.['via'];

export const formatOf = (node: TraitNode): string | null => {
  const format = node.schema['format'];
  return typeof format === 'string' ? format : null;
};

/** True for traits that hold an e-mail address: format email, a code sent by e-mail, or an e-mail-ish name. */
export const isEmailTrait = (node: TraitNode, nameLooksLikeEmail: (name: string) => boolean): boolean =>
  formatOf(node) === 'email' || viaOf(node, 'credentials', 'code') === 'email' || nameLooksLikeEmail(leafName(node));

export const isPhoneTrait = (node: TraitNode): boolean => formatOf(node) === 'tel' || viaOf(node, 'credentials', 'code') === 'sms';

/** A leaf trait: not an object or array container (those are described by their children). */
export const isLeaf = (node: TraitNode): boolean => {
  const type = node.schema['type'];
  if (type === 'object' || type === 'array') return false;
  return !isRecord(node.schema['properties']) && node.schema['items'] === undefined;
};
