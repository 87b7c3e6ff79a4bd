import { describe, expect, it } from 'vitest';
import { ext, messages, run } from './helpers';
import type { ValidationProfile } from '../../shared/domain/app';

/** Reference §2.2–§2.4: what Kratos derives from `ory.sh/kratos` flags, per profile. */
const password = ext({ credentials: { password: { identifier: true } } }, { type: 'string', format: 'email' });
const username = ext({ credentials: { password: { identifier: true } } });
const webauthn = ext({ credentials: { webauthn: { identifier: true } } });
const codeEmail = ext({ credentials: { code: { identifier: true, via: 'email' } } }, { type: 'string', format: 'email' });
const codeEmailNoValidate = ext({ credentials: { code: { identifier: true, via: 'email' } } }, { type: 'string', format: 'no-validate' });
const codeSms = ext({ credentials: { code: { identifier: true, via: 'sms' } } }, { type: 'string', format: 'tel' });
const verifyEmail = (format?: string) => ext({ verification: { via: 'email' } }, format ? { type: 'string', format } : { type: 'string' });
const verifySms = (format?: string) => ext({ verification: { via: 'sms' } }, format ? { type: 'string', format } : { type: 'string' });
const recoverEmail = (format?: string) => ext({ recovery: { via: 'email' } }, format ? { type: 'string', format } : { type: 'string' });
const recoverSms = (format?: string) => ext({ recovery: { via: 'sms' } }, format ? { type: 'string', format } : { type: 'string' });

interface Case {
  ref: string;
  name: string;
  profile: ValidationProfile;
  props: Record<string, unknown>;
  traits: unknown;
  root?: Record<string, unknown>;
  expect: (r: ReturnType<typeof run>) => void;
}

const ids = (r: ReturnType<typeof run>, type: string) => r.credentials[type]?.identifiers;

const cases: Case[] = [
  // §2.3 password / webauthn
  { ref: '§2.3', name: 'v26 password identifier is lowercased and trimmed', profile: 'kratos-v26', props: { email: password }, traits: { email: ' Alice@Example.COM' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['alice@example.com']) },
  { ref: '§6 extension_credentials_test', name: 'password identifiers deduplicate across array items and traits', profile: 'kratos-v26',
    props: { emails: { type: 'array', items: username }, other: username }, traits: { emails: ['FOO@ory.sh', 'foo@ory.sh'], other: 'Foo@Ory.sh' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['foo@ory.sh']) },
  { ref: '§2.3', name: 'webauthn identifier follows the password rule', profile: 'kratos-v26', props: { u: webauthn }, traits: { u: 'UserName' },
    expect: (r) => expect(ids(r, 'webauthn')).toEqual(['username']) },
  { ref: '§2.4', name: 'HEAD password identifier: graceful normalization strips zero-width space', profile: 'ory-network', props: { email: password }, traits: { email: 'ad\u200Bmin@ory.sh' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['admin@ory.sh']) },
  { ref: '§2.4', name: 'HEAD full-width email folds to ASCII', profile: 'ory-network', props: { u: username }, traits: { u: 'ａｌｉｃｅ@example.com' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['alice@example.com']) },
  { ref: '§2.4', name: 'HEAD ligature expands (oﬃce → office)', profile: 'ory-network', props: { u: username }, traits: { u: 'oﬃce@example.com' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['office@example.com']) },
  { ref: '§2.4', name: 'HEAD username trimmed and lowercased', profile: 'ory-network', props: { u: username }, traits: { u: ' UsERNaME ' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['username']) },
  { ref: '§2.4', name: 'HEAD keeps emoji', profile: 'ory-network', props: { u: username }, traits: { u: 'Foo🥳🖐baR' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['foo🥳🖐bar']) },
  { ref: '§2.4', name: 'HEAD does not fold Cyrillic а to Latin a', profile: 'ory-network', props: { u: username }, traits: { u: '\u0430dmin' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['\u0430dmin']) },
  { ref: '§2.4', name: 'HEAD phone-like password identifier becomes E.164', profile: 'ory-network', props: { u: username }, traits: { u: '+1 650-253-0000' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['+16502530000']) },
  { ref: '§2.4', name: 'v26 phone-like password identifier is not E.164', profile: 'kratos-v26', props: { u: username }, traits: { u: '+1 650-253-0000' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['+1 650-253-0000']) },
  { ref: '§2.4', name: 'v26 zero-width space is kept', profile: 'kratos-v26', props: { u: username }, traits: { u: 'ad\u200Bmin@ory.sh' },
    expect: (r) => expect(ids(r, 'password')).toEqual(['ad\u200Bmin@ory.sh']) },
  { ref: '§2.2', name: 'numbers become identifiers via %s', profile: 'kratos-v26', props: { n: ext({ credentials: { password: { identifier: true } } }, { type: 'number' }) }, traits: { n: 42 },
    expect: (r) => expect(ids(r, 'password')).toEqual(['42']) },
  { ref: '§2.2', name: 'absent optional trait derives nothing', profile: 'kratos-v26', props: { email: password }, traits: {},
    expect: (r) => expect(r.credentials).toEqual({}) },
  { ref: '§2.2', name: 'no hook when the node type check failed', profile: 'kratos-v26', props: { email: password }, traits: { email: 5 },
    expect: (r) => { expect(r.credentials).toEqual({}); expect(messages(r)).toEqual(['expected string, but got number']); } },
  { ref: '§2.2', name: 'hook runs in nested objects', profile: 'kratos-v26', props: { name: { type: 'object', properties: { login: username } } }, traits: { name: { login: 'Nested' } },
    expect: (r) => expect(ids(r, 'password')).toEqual(['nested']) },
  { ref: '§2.2', name: 'hook runs through $ref targets', profile: 'kratos-v26', props: { email: { $ref: '#/definitions/e' } }, traits: { email: 'Ref@X.io' }, root: { definitions: { e: username } },
    expect: (r) => expect(ids(r, 'password')).toEqual(['ref@x.io']) },
  // §2.3 code
  { ref: '§6 extension_credentials_test', name: 'code email + sms sorted by address; sms to E.164', profile: 'kratos-v26', props: { email: codeEmail, phone: codeSms },
    traits: { email: 'Foo@Ory.sh', phone: '+49 176 671 11 638' },
    expect: (r) => {
      expect(r.credentials['code']?.addresses).toEqual([{ channel: 'sms', address: '+4917667111638' }, { channel: 'email', address: 'foo@ory.sh' }]);
      expect(ids(r, 'code')).toEqual(['foo@ory.sh', '+4917667111638']);
    } },
  { ref: '§2.3', name: 'code addresses deduplicate by (address, channel)', profile: 'kratos-v26', props: { a: codeEmail, b: codeEmail }, traits: { a: 'x@y.io', b: 'X@Y.io' },
    expect: (r) => expect(r.credentials['code']?.addresses).toEqual([{ channel: 'email', address: 'x@y.io' }]) },
  { ref: '§2.3', name: 'v26 code sms invalid number: message is the parse error', profile: 'kratos-v26', props: { phone: ext({ credentials: { code: { identifier: true, via: 'sms' } } }) }, traits: { phone: 'foobar' },
    expect: (r) => expect(messages(r)).toEqual(['the phone number supplied is not a number']) },
  { ref: '§2.1', name: 'code.identifier without via fails at runtime', profile: 'kratos-v26', props: { e: ext({ credentials: { code: { identifier: true } } }) }, traits: { e: 'a@b.io' },
    expect: (r) => expect(messages(r)).toEqual(['channel type "" must be one of email, sms']) },
  { ref: '§2.3', name: 'HEAD code email no-validate uses graceful normalization (docomo)', profile: 'ory-network', props: { e: codeEmailNoValidate }, traits: { e: 'FOO.@docomo.ne.jp' },
    expect: (r) => expect(ids(r, 'code')).toEqual(['foo.@docomo.ne.jp']) },
  { ref: '§2.3', name: 'HEAD code email with format email that cannot be normalized fails', profile: 'ory-network', props: { e: ext({ credentials: { code: { identifier: true, via: 'email' } } }) }, traits: { e: 'foo.@x.io' },
    expect: (r) => expect(messages(r)).toEqual(['"foo.@x.io" can not be normalized for format "email"']) },
  { ref: '§2.3', name: 'HEAD code sms width-folds then E.164', profile: 'ory-network', props: { p: ext({ credentials: { code: { identifier: true, via: 'sms' } } }) }, traits: { p: '＋４４ ２０ ７９４６ ０９５８' },
    expect: (r) => expect(ids(r, 'code')).toEqual(['+442079460958']) },
  // §2.3 verification
  { ref: '§6 extension_verification_test', name: 'new verifiable address is pending/unverified and lowercased', profile: 'kratos-v26', props: { e: verifyEmail('email') }, traits: { e: 'Foo@Ory.SH' },
    expect: (r) => expect(r.verifiable_addresses).toEqual([{ value: 'foo@ory.sh', via: 'email', verified: false, status: 'pending' }]) },
  { ref: '§6 extension_verification_test', name: 'verification email without format runs the email check', profile: 'kratos-v26', props: { e: verifyEmail() }, traits: { e: 'foobar' },
    expect: (r) => { expect(messages(r)).toEqual(['"foobar" is not valid "email"']); expect(r.errors[0]?.messageId).toBe(4000040); } },
  { ref: '§2.3', name: 'verification sms without format fails', profile: 'kratos-v26', props: { p: verifySms() }, traits: { p: '+16453331111' },
    expect: (r) => expect(messages(r)[0]).toMatch(/^no format specified\. A format is required if verification is enabled/) },
  { ref: '§6 extension_verification_test', name: 'no-validate accepts "not a phone number"', profile: 'kratos-v26', props: { p: verifySms('no-validate') }, traits: { p: 'not a phone number' },
    expect: (r) => { expect(r.valid).toBe(true); expect(r.verifiable_addresses[0]?.value).toBe('not a phone number'); } },
  { ref: '§6 extension_verification_test', name: '12112112 fails tel', profile: 'kratos-v26', props: { p: verifySms('tel') }, traits: { p: '12112112' },
    expect: (r) => expect(messages(r)).toEqual(['"12112112" is not valid "tel"']) },
  { ref: '§6 extension_verification_test', name: 'HEAD 12112112 also cannot be normalized', profile: 'ory-network', props: { p: verifySms('tel') }, traits: { p: '12112112' },
    expect: (r) => expect(messages(r)).toEqual(['"12112112" is not valid "tel"', '"12112112" can not be normalized for format "tel"']) },
  { ref: '§6 extension_verification_test', name: '+16453331111 is valid (ory/kratos#3933)', profile: 'kratos-v26', props: { p: verifySms('tel') }, traits: { p: '+16453331111' },
    expect: (r) => expect(r.valid).toBe(true) },
  { ref: '§2.3', name: 'v26 verification sms with tel: TrimSpace only, no E.164', profile: 'kratos-v26', props: { p: verifySms('tel') }, traits: { p: '+1 (645) 333-1111' },
    expect: (r) => expect(r.verifiable_addresses[0]?.value).toBe('+1 (645) 333-1111') },
  { ref: '§6 extension_verification_test', name: 'HEAD verification sms with tel becomes E.164', profile: 'ory-network', props: { p: verifySms('tel') }, traits: { p: '+1 (645) 333-1111' },
    expect: (r) => expect(r.verifiable_addresses[0]?.value).toBe('+16453331111') },
  { ref: '§6 extension_verification_test', name: 'duplicate verifiable addresses collapse', profile: 'kratos-v26', props: { a: verifyEmail('email'), b: verifyEmail('email') }, traits: { a: 'x@y.io', b: 'X@y.io' },
    expect: (r) => expect(r.verifiable_addresses).toHaveLength(1) },
  // §2.3 recovery
  { ref: '§6 extension_recovery_test', name: 'recovery emails are lowercased and deduplicated', profile: 'kratos-v26', props: { a: recoverEmail('email'), b: recoverEmail('email') }, traits: { a: 'A@B.io', b: 'a@b.io' },
    expect: (r) => expect(r.recovery_addresses).toEqual([{ value: 'a@b.io', via: 'email' }]) },
  { ref: '§6 extension_recovery_test', name: 'recovery email "foobar" fails', profile: 'kratos-v26', props: { a: recoverEmail() }, traits: { a: 'foobar' },
    expect: (r) => expect(messages(r)).toEqual(['"foobar" is not valid "email"']) },
  { ref: '§2.3', name: 'v26 recovery email checks the email format even under no-validate', profile: 'kratos-v26', props: { a: recoverEmail('no-validate') }, traits: { a: 'FOO.@docomo.ne.jp' },
    expect: (r) => expect(messages(r)).toEqual(['"FOO.@docomo.ne.jp" is not valid "email"']) },
  { ref: '§6 extension_recovery_test', name: 'HEAD docomo under no-validate is accepted and lowercased', profile: 'ory-network', props: { a: recoverEmail('no-validate') }, traits: { a: 'FOO.@docomo.ne.jp' },
    expect: (r) => { expect(r.valid).toBe(true); expect(r.recovery_addresses).toEqual([{ value: 'foo.@docomo.ne.jp', via: 'email' }]); } },
  { ref: '§6 extension_recovery_test', name: 'HEAD recovery sms becomes E.164', profile: 'ory-network', props: { p: recoverSms('tel') }, traits: { p: '+33 6 12 34 56 78' },
    expect: (r) => expect(r.recovery_addresses).toEqual([{ value: '+33612345678', via: 'sms' }]) },
  { ref: '§2.3', name: 'v26 recovery sms: TrimSpace, no E.164', profile: 'kratos-v26', props: { p: recoverSms('tel') }, traits: { p: ' +33 6 12 34 56 78 ' },
    expect: (r) => expect(r.recovery_addresses).toEqual([{ value: '+33 6 12 34 56 78', via: 'sms' }]) },
  { ref: '§6 extension_recovery_test', name: 'recovery sms "+1234" gives two errors (format + extension)', profile: 'kratos-v26', props: { p: recoverSms('tel') }, traits: { p: '+1234' },
    expect: (r) => expect(messages(r)).toEqual(['"+1234" is not valid "tel"', '"+1234" is not valid "tel"']) },
  { ref: '§2.3', name: 'HEAD recovery sms invalid: not valid "tel" for "sms"', profile: 'ory-network', props: { p: recoverSms('tel') }, traits: { p: 'foobar' },
    expect: (r) => expect(messages(r)).toEqual(['"foobar" is not valid "tel"', '"foobar" is not valid "tel" for "sms"']) },
  // §2.2 runner order
  { ref: '§2.2', name: 'credentials error stops verification and recovery on the node', profile: 'kratos-v26',
    props: { e: ext({ credentials: { code: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } }) }, traits: { e: 'foobar' },
    expect: (r) => { expect(messages(r)).toEqual(['channel type "" must be one of email, sms']); expect(r.verifiable_addresses).toEqual([]); } },
  { ref: '§2.2', name: 'verification error stops recovery on the node', profile: 'kratos-v26',
    props: { e: ext({ verification: { via: 'email' }, recovery: { via: 'email' } }) }, traits: { e: 'foobar' },
    expect: (r) => expect(messages(r)).toEqual(['"foobar" is not valid "email"']) },
  // §2.4 trait rewrite
  { ref: '§2.4', name: 'HEAD rewrites sms traits to E.164', profile: 'ory-network', props: { p: codeSms }, traits: { p: '+1 650-253-0000' },
    expect: (r) => expect(r.traits).toEqual({ p: '+16502530000' }) },
  { ref: '§2.4', name: 'v26 never rewrites traits', profile: 'kratos-v26', props: { p: codeSms }, traits: { p: '+1 650-253-0000' },
    expect: (r) => expect(r.traits).toEqual({ p: '+1 650-253-0000' }) },
  { ref: '§2.4', name: 'HEAD keeps email trait case (ory/kratos#3187)', profile: 'ory-network', props: { e: verifyEmail('email') }, traits: { e: 'Foo@Ory.sh' },
    expect: (r) => expect(r.traits).toEqual({ e: 'Foo@Ory.sh' }) },
  { ref: '§2.4', name: 'HEAD leaves an unparseable phone untouched and fails', profile: 'ory-network', props: { p: recoverSms('tel') }, traits: { p: 'nope' },
    expect: (r) => { expect(r.traits).toEqual({ p: 'nope' }); expect(r.valid).toBe(false); } },
  { ref: '§6 validator_test', name: 'HEAD rewrites sms traits under anyOf and arrays', profile: 'ory-network',
    props: { phones: { type: 'array', items: { anyOf: [recoverSms('tel')] } } }, traits: { phones: ['+49 0176 67111638'] },
    expect: (r) => expect(r.traits).toEqual({ phones: ['+4917667111638'] }) },
  { ref: '§2.4', name: 'HEAD +600136866982 → +60136866982', profile: 'ory-network', props: { p: codeSms }, traits: { p: '+600136866982' },
    expect: (r) => expect(ids(r, 'code')).toEqual(['+60136866982']) },
];

describe('conformance: derivation (reference §2.2–§2.4)', () => {
  it.each(cases)('$ref $profile: $name', (c) => {
    const r = run(c.props, c.traits, c.profile, c.root);
    c.expect(r);
  });
});
