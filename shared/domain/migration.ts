import type { ValidationProfile } from './app';

/**
 * Validate stored identities in bulk: each against its own schema ("validate all"), or the
 * identities of one schema against another schema body (the impact of a schema change, design §6).
 */
export interface StoreCheckRequest {
  /** Only identities of this schema; all identities when absent. */
  schemaId?: string;
  /** A schema body (JSON text) to validate against instead of each identity's own schema. */
  targetSchema?: string;
  profile?: ValidationProfile;
}

export interface StoreCheckGroup {
  pointer: string;
  message: string;
  count: number;
  /** A few identity ids that fail this way, to open and look at. */
  examples: string[];
}

export interface StoreCheckReport {
  checked: number;
  invalid: number;
  /** Failures grouped by pointer and message, most frequent first. */
  groups: StoreCheckGroup[];
  /** True when more distinct failures existed than the report keeps. */
  truncated: boolean;
  durationMs: number;
}
