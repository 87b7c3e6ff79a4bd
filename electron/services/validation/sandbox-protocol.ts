import type { ValidationProfile } from '../../../shared/domain/app';
import type { WireError } from '../../../shared/errors';
import type { ValidationResult } from '../../../shared/domain/validation';

/** Messages between sandbox.ts and sandbox-worker.ts (structured clone; errors travel as WireError data). */
export type SandboxRequest =
  | { id: number; op: 'check'; schema: string | unknown }
  | { id: number; op: 'validate'; schema: string | unknown; traits: unknown; profile: ValidationProfile };

export type SandboxResponse =
  | { id: number; ok: true; value: ValidationResult | { ok: true } }
  | { id: number; ok: false; error: WireError };
