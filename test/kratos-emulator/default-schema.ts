import { readFileSync } from 'node:fs';
import type { JsonObject } from './model';

/**
 * The emulator's default identity schema is the project's `customer` preset: an email that is the
 * password and code identifier and a verification and recovery address, a name, and a phone
 * verified by SMS. Served under the id `default`, as a self-hosted Kratos usually names it.
 */
export const DEFAULT_SCHEMA_ID = 'default';

export const loadDefaultSchema = (): JsonObject =>
  JSON.parse(readFileSync(new URL('../../schemas/customer.schema.json', import.meta.url), 'utf8')) as JsonObject;
