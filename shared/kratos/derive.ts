import type { ValidationProfile } from '../domain/app';
import type {
  AddressVia,
  DerivedCredential,
  DerivedRecoveryAddress,
  DerivedVerifiableAddress,
} from '../domain/validation';
import { isKratosEmail } from './email';
import type { KratosExtensionConfig } from './extension-meta-schema';
import { goQuote, goQuoteString, goSprintS } from './messages';
import {
  gracefulNormalization,
  lowerTrim,
  normalizeAddress,
  normalizeCredentialIdentifier,
  normalizeEmailHead,
  normalizeEmailV26,
  normalizePhoneHead,
  precisCanonicalize,
  trimSpace,
} from './normalize';
import { isKratosTel, parsePhone } from './phone';

/**
 * The three `ory.sh/kratos` runners of reference §2.2/§2.3 for one identity: credentials → verification →
 * recovery per schema node, the first error stopping the others. One instance accumulates everything Kratos
 * derives while the JSON Schema pass visits the document. Pure, so the renderer can preview derivations.
 */
export const NO_FORMAT_FOR_SMS =
  'no format specified. A format is required if verification is enabled. If this was intentional, please set "format" to "no-validate"';

interface CredentialAcc {
  identifiers: string[];
  seen: Set<string>;
}

const notNormalizable = (v: unknown, format: string): string =>
  `${goQuote(v)} can not be normalized for format ${goQuoteString(format)}`;

export class KratosDerivation {
  // Allocated lazily: the store validates a million identities, most of which derive one or two values.
  private credentials: Map<string, CredentialAcc> | null = null;
  private codeAddresses: Map<string, { channel: AddressVia; address: string }> | null = null;
  private readonly verifiable: DerivedVerifiableAddress[] = [];
  private readonly recovery: DerivedRecoveryAddress[] = [];
  private addressSeen: Set<string> | null = null;
  private readonly head: boolean;

  constructor(readonly profile: ValidationProfile) {
    this.head = profile !== 'kratos-v26';
  }

  /** Runs the hooks for one node; returns Kratos's error text, or null. `format` is the node's schema format. */
  run(config: KratosExtensionConfig, value: unknown, format: string | undefined): string | null {
    return (
      this.runCredentials(config, value, format) ??
      this.runVerification(config, value, format) ??
      this.runRecovery(config, value, format)
    );
  }

  /** `normalized` is already in the persister's form (idempotent normalizations are not repeated). */
  private addIdentifier(type: string, normalized: string): void {
    this.credentials ??= new Map();
    let acc = this.credentials.get(type);
    if (acc === undefined) {
      acc = { identifiers: [], seen: new Set() };
      this.credentials.set(type, acc);
    }
    const id = normalized;
    if (acc.seen.has(id)) return;
    acc.seen.add(id);
    acc.identifiers.push(id);
  }

  private passwordLike(raw: string): string {
    // v26: `strings.ToLower(v)` then the persister's ToLower(TrimSpace); HEAD: GracefulNormalization.
    return this.head ? gracefulNormalization(raw, this.profile) : lowerTrim(raw);
  }

  private runCredentials(config: KratosExtensionConfig, value: unknown, format: string | undefined): string | null {
    const creds = config.credentials;
    if (creds === undefined) return null;
    const raw = goSprintS(value);
    if (creds.password?.identifier === true) this.addIdentifier('password', this.passwordLike(raw));
    if (creds.webauthn?.identifier === true) this.addIdentifier('webauthn', this.passwordLike(raw));
    if (creds.code?.identifier === true) return this.runCode(creds.code.via, value, raw, format);
    return null;
  }

  private runCode(via: string | undefined, value: unknown, raw: string, format: string | undefined): string | null {
    let address: string | null;
    if (via === 'email') {
      if (!this.head) address = normalizeEmailV26(raw);
      else if (format === undefined || format === 'email') {
        address = normalizeEmailHead(raw);
        if (address === null) return notNormalizable(value, 'email');
      } else address = gracefulNormalization(raw, this.profile);
    } else if (via === 'sms') {
      const parsed = this.head ? normalizePhoneHead(raw) : parsePhone(raw).e164;
      if (parsed === null) return parsePhone(this.head ? raw.normalize('NFKC').trim() : raw).error;
      address = parsed;
    } else return `channel type ${goQuoteString(via ?? '')} must be one of email, sms`;
    const channel: AddressVia = via;
    this.codeAddresses ??= new Map();
    this.codeAddresses.set(`${address}\u0000${channel}`, { channel, address });
    this.addIdentifier('code', normalizeCredentialIdentifier('code', address, this.profile));
    return null;
  }

  private pushAddress(kind: 'v' | 'r', via: AddressVia, raw: string): void {
    const value = normalizeAddress(raw, this.profile);
    const key = `${kind}\u0000${via}\u0000${value}`;
    this.addressSeen ??= new Set();
    if (this.addressSeen.has(key)) return;
    this.addressSeen.add(key);
    if (kind === 'v') this.verifiable.push({ value, via, verified: false, status: 'pending' });
    else this.recovery.push({ value, via });
  }

  private runVerification(config: KratosExtensionConfig, value: unknown, format: string | undefined): string | null {
    const via = config.verification?.via;
    if (via === undefined) return null;
    const raw = goSprintS(value);
    if (via === 'email') {
      if (format === undefined && !(typeof value === 'string' && isKratosEmail(value)))
        return `${goQuote(value)} is not valid "email"`;
      let v = trimSpace(raw);
      if (this.head && (format === undefined || format === 'email')) {
        const n = normalizeEmailHead(raw);
        if (n === null) return notNormalizable(value, format ?? 'email');
        v = n;
      } else if (this.head && format === 'tel') {
        const n = normalizePhoneHead(raw);
        if (n === null) return notNormalizable(value, format);
        v = n;
      }
      this.pushAddress('v', 'email', v);
      return null;
    }
    if (format === undefined) return NO_FORMAT_FOR_SMS;
    let v = trimSpace(raw);
    if (this.head && format === 'tel') {
      const n = normalizePhoneHead(raw);
      if (n === null) return notNormalizable(value, format);
      v = n;
    }
    this.pushAddress('v', 'sms', v);
    return null;
  }

  private runRecovery(config: KratosExtensionConfig, value: unknown, format: string | undefined): string | null {
    const via = config.recovery?.via;
    if (via === undefined) return null;
    const raw = goSprintS(value);
    if (via === 'email') {
      // v26 always checks (even under no-validate); HEAD only when the format is absent or `email`.
      const check = !this.head || format === undefined || format === 'email';
      if (check && !(typeof value === 'string' && isKratosEmail(value))) return `${goQuote(value)} is not valid "email"`;
      this.pushAddress('r', 'email', this.head ? precisCanonicalize(raw) : lowerTrim(raw));
      return null;
    }
    if (via !== 'sms') return `recovery.via has unknown value ${goQuoteString(String(via))}`;
    if (!this.head) {
      if (!isKratosTel(value)) return `${goQuote(value)} is not valid "tel"`;
      this.pushAddress('r', 'sms', trimSpace(raw));
      return null;
    }
    const e164 = normalizePhoneHead(raw);
    if (e164 === null) return `${goQuote(value)} is not valid "tel" for "sms"`;
    this.pushAddress('r', 'sms', e164);
    return null;
  }

  /** Everything derived so far, in Kratos's shapes (code addresses sorted by address then channel). */
  result(): {
    credentials: Record<string, DerivedCredential>;
    verifiable_addresses: DerivedVerifiableAddress[];
    recovery_addresses: DerivedRecoveryAddress[];
  } {
    const credentials: Record<string, DerivedCredential> = {};
    if (this.credentials !== null)
      for (const [type, acc] of this.credentials) credentials[type] = { identifiers: acc.identifiers };
    const code = credentials['code'];
    if (code !== undefined && this.codeAddresses !== null) {
      code.addresses = [...this.codeAddresses.values()].sort((a, b) =>
        a.address < b.address ? -1 : a.address > b.address ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0,
      );
    }
    return { credentials, verifiable_addresses: this.verifiable, recovery_addresses: this.recovery };
  }
}
