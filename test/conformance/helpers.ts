import { createValidationEngine } from '../../electron/services/validation/index';
import type { ValidationProfile } from '../../shared/domain/app';
import type { ValidationResult } from '../../shared/domain/validation';

/** An identity schema whose traits have the given properties (the shape every Kratos stub uses). */
export const identitySchema = (
  properties: Record<string, unknown>,
  traitsExtra: Record<string, unknown> = {},
  rootExtra: Record<string, unknown> = {},
) => ({
  ...rootExtra,
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { traits: { type: 'object', properties, ...traitsExtra } },
});

const engine = createValidationEngine();

export const run = (
  properties: Record<string, unknown>,
  traits: unknown,
  profile: ValidationProfile = 'kratos-v26',
  rootExtra: Record<string, unknown> = {},
): ValidationResult => engine.compile(identitySchema(properties, {}, rootExtra)).validate({ traits }, profile);

export const messages = (r: ValidationResult): string[] => r.errors.map((e) => e.message);

export const PROFILES: ValidationProfile[] = ['kratos-v26', 'ory-network'];

export const ext = (config: Record<string, unknown>, schema: Record<string, unknown> = { type: 'string' }) => ({
  ...schema,
  'ory.sh/kratos': config,
});
