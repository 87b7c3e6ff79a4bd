import type { ValidationIssue } from '../errors';
import type { ValidationProfile } from './app';

export const ADDRESS_VIAS = ['email', 'sms'] as const;
export type AddressVia = (typeof ADDRESS_VIAS)[number];

/** `credentials.<type>` as Kratos derives it from `ory.sh/kratos.credentials` (reference §2.3). */
export interface DerivedCredential {
  identifiers: string[];
  /** Only for `code`: the addresses a one-time code is sent to. */
  addresses?: { channel: AddressVia; address: string }[];
}

export interface DerivedVerifiableAddress {
  value: string;
  via: AddressVia;
  verified: boolean;
  status: 'pending' | 'sent' | 'completed';
}

export interface DerivedRecoveryAddress {
  value: string;
  via: AddressVia;
}

/** What the engine decides for one identity: Kratos's verdict plus everything Kratos would derive. */
export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
  credentials: Record<string, DerivedCredential>;
  verifiable_addresses: DerivedVerifiableAddress[];
  recovery_addresses: DerivedRecoveryAddress[];
  /** Traits as Kratos would store them (unchanged, except sms traits under `ory-network`). */
  traits: unknown;
  profile: ValidationProfile;
}
