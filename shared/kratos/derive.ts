import type { ValidationProfile } from '../domain/app';
import type {
  AddressVia,
  DerivedCredential,
  DerivedRecoveryAddress,
  DerivedVerifiableAddress,
  ValidationResult,
} from '../domain/validation';
import type { ValidationIssue } from '../errors';
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

/**
 * What one `ory.sh/kratos` node asks for, read once when the schema is compiled (so validating an identity
 * never walks the config object). Mirrors the reads of the hooks below exactly; see `compileExtensionPlan`.
 */
export interface ExtensionPlan {
  /** `config.credentials !== undefined`. */
  readonly credentials: boolean;
  /** `config.credentials === null`: reading it fails at validation time, as it always has. */
  readonly credentialsNull: boolean;
  readonly password: boolean;
  readonly webauthn: boolean;
  readonly code: boolean;
  readonly codeVia: string | undefined;
  readonly verificationVia: string | undefined;
  readonly recoveryVia: string | undefined;
  /** Only password/webauthn identifiers and email verification/recovery: the kratos-v26 fast path applies. */
  readonly emailOnly: boolean;
}

type Loose = Record<string, unknown> | null | undefined;
const field = (o: unknown, key: string): unknown =>
  o === null || o === undefined ? undefined : (o as Record<string, unknown>)[key];

/** The plan of one node's config; pure, so the engine computes it once per schema node at compile time. */
export const compileExtensionPlan = (config: KratosExtensionConfig): ExtensionPlan => {
  const creds = (config as Record<string, unknown>)['credentials'] as Loose;
  const code = field(creds, 'code');
  const isCode = field(code, 'identifier') === true;
  const plan = {
    credentials: creds !== undefined,
    credentialsNull: creds === null,
    password: field(field(creds, 'password'), 'identifier') === true,
    webauthn: field(field(creds, 'webauthn'), 'identifier') === true,
    code: isCode,
    codeVia: isCode ? (field(code, 'via') as string | undefined) : undefined,
    verificationVia: field(config.verification, 'via') as string | undefined,
    recoveryVia: field(config.recovery, 'via') as string | undefined,
  };
  const emailOnly =
    creds !== null &&
    !isCode &&
    (plan.verificationVia === undefined || plan.verificationVia === 'email') &&
    (plan.recoveryVia === undefined || plan.recoveryVia === 'email');
  return { ...plan, emailOnly };
};

const planCache = new WeakMap<object, ExtensionPlan>();
const planOf = (config: KratosExtensionConfig): ExtensionPlan => {
  let plan = planCache.get(config);
  if (plan === undefined) {
    plan = compileExtensionPlan(config);
    planCache.set(config, plan);
  }
  return plan;
};

// Below this many entries, duplicates are found by a linear scan (no Set per identity); above it a Set takes over.
const LINEAR_DEDUP = 8;

const compareCodeAddresses = (
  a: { channel: AddressVia; address: string },
  b: { channel: AddressVia; address: string },
): number =>
  a.address < b.address ? -1 : a.address > b.address ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0;

const notNormalizable = (v: unknown, format: string): string =>
  `${goQuote(v)} can not be normalized for format ${goQuoteString(format)}`;

// One-entry memo of `lowerTrim` (pure). Under kratos-v26 every value one node derives (password/webauthn
// identifier, verifiable and recovery address) is exactly `lowerTrim(raw)`: the persister's
// `ToLower(TrimSpace(x))` applied to `TrimSpace(raw)` or `ToLower(TrimSpace(raw))` gives the same string, since
// trimming is idempotent and so is `lowerTrim` (checked over every code point in test/unit/validation).
let ltIn: string | null = null;
let ltOut = '';
const lowerTrimMemo = (s: string): string => {
  if (s !== ltIn) {
    ltOut = lowerTrim(s);
    ltIn = s;
  }
  return ltOut;
};

/** Adds `key` to the named Set (created from `initial` on first use); false when it was already there. */
const addToSeen = (seen: Map<string, Set<string>>, name: string, initial: () => Iterable<string>, key: string): boolean => {
  let set = seen.get(name);
  if (set === undefined) {
    set = new Set(initial());
    seen.set(name, set);
  }
  if (set.has(key)) return false;
  set.add(key);
  return true;
};

export class KratosDerivation {
  // Everything is allocated lazily and built directly in the output shape: the store validates a million
  // identities, most of which derive one or two values, so no Map/Set per identity on the common path.
  private credentials: Record<string, DerivedCredential> | null = null;
  private codeAddresses: { channel: AddressVia; address: string }[] | null = null;
  private verifiable: DerivedVerifiableAddress[] | null = null;
  private recovery: DerivedRecoveryAddress[] | null = null;
  /** De-duplication Sets, only for lists longer than LINEAR_DEDUP. */
  private seen: Map<string, Set<string>> | null = null;
  private readonly currentProfile: ValidationProfile;
  private readonly head: boolean;

  constructor(profile: ValidationProfile) {
    this.currentProfile = profile;
    this.head = profile !== 'kratos-v26';
  }

  /** True under `ory-network` (current Kratos main), whose normalizations differ. */
  get isHead(): boolean {
    return this.head;
  }

  get profile(): ValidationProfile {
    return this.currentProfile;
  }

  /** Runs the hooks for one node; returns Kratos's error text, or null. `format` is the node's schema format. */
  run(config: KratosExtensionConfig, value: unknown, format: string | undefined): string | null {
    return this.runPlan(planOf(config), value, format);
  }

  /** `run` with the node's config already compiled (`compileExtensionPlan`): the engine's hot path. */
  runPlan(plan: ExtensionPlan, value: unknown, format: string | undefined): string | null {
    if (plan.emailOnly && !this.head && typeof value === 'string') return this.runEmailOnlyV26(plan, value, format);
    const raw = goSprintS(value);
    if (plan.credentials) {
      const error = this.runCredentials(plan, value, raw, format);
      if (error !== null) return error;
    }
    if (plan.verificationVia !== undefined) {
      const error = this.runVerification(plan.verificationVia, value, raw, format);
      if (error !== null) return error;
    }
    if (plan.recoveryVia !== undefined) return this.runRecovery(plan.recoveryVia, value, raw, format);
    return null;
  }

  /**
   * The common node under kratos-v26 (an email that is a password identifier and/or a verification and recovery
   * address), with exactly the checks and messages of the general path below: one normalization, no detours.
   * The engine calls it directly for such nodes when the profile is kratos-v26 and the value a string.
   */
  runEmailOnlyV26(plan: ExtensionPlan, value: string, format: string | undefined): string | null {
    const normalized = lowerTrim(value);
    if (plan.password) this.addIdentifier('password', normalized);
    if (plan.webauthn) this.addIdentifier('webauthn', normalized);
    if (plan.verificationVia === 'email') {
      if (format === undefined && !isKratosEmail(value)) return `${goQuote(value)} is not valid "email"`;
      this.pushVerifiable('email', normalized);
    }
    if (plan.recoveryVia === 'email') {
      if (!isKratosEmail(value)) return `${goQuote(value)} is not valid "email"`;
      this.pushRecovery('email', normalized);
    }
    return null;
  }

  /** `normalized` is already in the persister's form (idempotent normalizations are not repeated). */
  private addIdentifier(type: string, normalized: string): void {
    if (this.credentials === null) {
      // The first identifier of an identity (usually its only one), built in its final shape.
      this.credentials = type === 'password' ? { password: { identifiers: [normalized] } } : { [type]: { identifiers: [normalized] } };
      return;
    }
    const credentials = this.credentials;
    const acc = credentials[type];
    if (acc === undefined) {
      credentials[type] = { identifiers: [normalized] };
      return;
    }
    const ids = acc.identifiers;
    if (ids.length < LINEAR_DEDUP) {
      if (ids.includes(normalized)) return;
    } else if (!addToSeen((this.seen ??= new Map()), `id\u0000${type}`, () => ids, normalized)) return;
    ids.push(normalized);
  }

  private passwordLike(raw: string): string {
    // v26: `strings.ToLower(v)` then the persister's ToLower(TrimSpace); HEAD: GracefulNormalization.
    return this.head ? gracefulNormalization(raw, this.profile) : lowerTrimMemo(raw);
  }

  private runCredentials(plan: ExtensionPlan, value: unknown, raw: string, format: string | undefined): string | null {
    if (plan.credentialsNull) throw new TypeError("Cannot read properties of null (reading 'password')");
    if (plan.password) this.addIdentifier('password', this.passwordLike(raw));
    if (plan.webauthn) this.addIdentifier('webauthn', this.passwordLike(raw));
    if (plan.code) return this.runCode(plan.codeVia, value, raw, format);
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
    this.addCodeAddress(via, address);
    this.addIdentifier('code', this.head ? normalizeCredentialIdentifier('code', address, this.profile) : lowerTrimMemo(address));
    return null;
  }

  private addCodeAddress(channel: AddressVia, address: string): void {
    const list = this.codeAddresses;
    if (list === null) {
      this.codeAddresses = [{ channel, address }];
      return;
    }
    if (list.length < LINEAR_DEDUP) {
      for (const a of list) if (a.address === address && a.channel === channel) return;
    } else {
      const initial = () => list.map((a) => `${a.address}\u0000${a.channel}`);
      if (!addToSeen((this.seen ??= new Map()), 'code', initial, `${address}\u0000${channel}`)) return;
    }
    list.push({ channel, address });
  }

  /** The persister's form of an address (`normalizeAddress`); see lowerTrimMemo for the kratos-v26 shortcut. */
  private address(value: string, raw: string): string {
    return this.head ? normalizeAddress(value, this.profile) : lowerTrimMemo(raw);
  }

  /** `value` is already in the persister's form; de-duplicated per list and channel. */
  private pushVerifiable(via: AddressVia, value: string): void {
    const list = this.verifiable;
    if (list === null) {
      this.verifiable = [{ value, via, verified: false, status: 'pending' }]; // exact-size array: the common case
      return;
    }
    if (list.length < LINEAR_DEDUP) {
      for (const a of list) if (a.value === value && a.via === via) return;
    } else {
      const initial = () => list.map((a) => `${a.via}\u0000${a.value}`);
      if (!addToSeen((this.seen ??= new Map()), 'v', initial, `${via}\u0000${value}`)) return;
    }
    list.push({ value, via, verified: false, status: 'pending' });
  }

  private pushRecovery(via: AddressVia, value: string): void {
    const list = this.recovery;
    if (list === null) {
      this.recovery = [{ value, via }];
      return;
    }
    if (list.length < LINEAR_DEDUP) {
      for (const a of list) if (a.value === value && a.via === via) return;
    } else {
      const initial = () => list.map((a) => `${a.via}\u0000${a.value}`);
      if (!addToSeen((this.seen ??= new Map()), 'r', initial, `${via}\u0000${value}`)) return;
    }
    list.push({ value, via });
  }

  private runVerification(via: string, value: unknown, raw: string, format: string | undefined): string | null {
    if (via === 'email') {
      if (format === undefined && !(typeof value === 'string' && isKratosEmail(value)))
        return `${goQuote(value)} is not valid "email"`;
      if (!this.head) {
        this.pushVerifiable('email', lowerTrimMemo(raw));
        return null;
      }
      let v = trimSpace(raw);
      if (format === undefined || format === 'email') {
        const n = normalizeEmailHead(raw);
        if (n === null) return notNormalizable(value, format ?? 'email');
        v = n;
      } else if (format === 'tel') {
        const n = normalizePhoneHead(raw);
        if (n === null) return notNormalizable(value, format);
        v = n;
      }
      this.pushVerifiable('email', this.address(v, raw));
      return null;
    }
    if (format === undefined) return NO_FORMAT_FOR_SMS;
    let v = trimSpace(raw);
    if (this.head && format === 'tel') {
      const n = normalizePhoneHead(raw);
      if (n === null) return notNormalizable(value, format);
      v = n;
    }
    this.pushVerifiable('sms', this.address(v, raw));
    return null;
  }

  private runRecovery(via: string, value: unknown, raw: string, format: string | undefined): string | null {
    if (via === 'email') {
      // v26 always checks (even under no-validate); HEAD only when the format is absent or `email`.
      const check = !this.head || format === undefined || format === 'email';
      if (check && !(typeof value === 'string' && isKratosEmail(value))) return `${goQuote(value)} is not valid "email"`;
      this.pushRecovery('email', this.head ? normalizeAddress(precisCanonicalize(raw), this.profile) : lowerTrimMemo(raw));
      return null;
    }
    if (via !== 'sms') return `recovery.via has unknown value ${goQuoteString(String(via))}`;
    if (!this.head) {
      if (!isKratosTel(value)) return `${goQuote(value)} is not valid "tel"`;
      this.pushRecovery('sms', lowerTrimMemo(raw));
      return null;
    }
    const e164 = normalizePhoneHead(raw);
    if (e164 === null) return `${goQuote(value)} is not valid "tel" for "sms"`;
    this.pushRecovery('sms', normalizeAddress(e164, this.profile));
    return null;
  }

  /** Everything derived so far, in Kratos's shapes (code addresses sorted by address then channel). */
  result(): {
    credentials: Record<string, DerivedCredential>;
    verifiable_addresses: DerivedVerifiableAddress[];
    recovery_addresses: DerivedRecoveryAddress[];
  } {
    return { credentials: this.credentialsResult(), verifiable_addresses: this.verifiable ?? [], recovery_addresses: this.recovery ?? [] };
  }

  /** The engine's whole `ValidationResult` in one object (no intermediate `result()` object per identity). */
  validationResult(valid: boolean, errors: ValidationIssue[], traits: unknown): ValidationResult {
    return {
      valid,
      errors,
      credentials: this.credentialsResult(),
      verifiable_addresses: this.verifiable ?? [],
      recovery_addresses: this.recovery ?? [],
      traits,
      profile: this.currentProfile,
    };
  }

  private credentialsResult(): Record<string, DerivedCredential> {
    const credentials = this.credentials ?? {};
    if (this.codeAddresses !== null) {
      const code = credentials['code'];
      if (code !== undefined) code.addresses = this.codeAddresses.slice().sort(compareCodeAddresses);
    }
    return credentials;
  }
}
