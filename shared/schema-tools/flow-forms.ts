/**
 * The forms Kratos's flows would present for an identity schema, as JSON Schema + rjsf uiSchema for
 * the schema editor's preview. Kratos renders self-service forms from `properties.traits` and names
 * the inputs `traits.<path>` and `password`, so every form here has a `traits` object at its root and
 * registration adds `password` next to it: the preview's field names are the ones Kratos would post.
 */
import { inlineSchema } from './inline-schema';
import { isRecord, type JsonObject } from '../json';
import { extensionFacts, type TraitNode, walkTraits } from './trait-walk';

export const FLOW_KINDS = ['registration', 'settings', 'admin'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export interface FlowForm {
  kind: FlowKind;
  /** 'Registration', 'Settings (profile)', 'Admin edit'. */
  title: string;
  /** A draft-07 object schema with no `$ref`, no `$id`/`$schema` and no `ory.sh/kratos`; form data is `{ traits, password? }`. */
  schema: Record<string, unknown>;
  /** rjsf uiSchema (root `ui:order`, `traits` without a legend, password and input hints). */
  uiSchema: Record<string, unknown>;
  /** One-line explanations of what Kratos adds or does, naming schema pointers. */
  notes: string[];
  /** The input names Kratos would use, in form order: `traits.email`, `traits.name.first`, `password`. */
  fields: string[];
}

const TITLES: Record<FlowKind, string> = { registration: 'Registration', settings: 'Settings (profile)', admin: 'Admin edit' };

const PASSWORD_SCHEMA = { type: 'string', title: 'Password' } as const;

interface Usable {
  traits: JsonObject;
  notes: string[];
  nodes: TraitNode[];
}

const NO_TRAITS = 'The schema has no object schema at #/properties/traits, so Kratos would show no trait fields.';

/** Why a traits schema gives no form, or null when it can be rendered. */
const unusableReason = (traits: JsonObject): string | null => {
  const type = traits['type'];
  if (type !== undefined && type !== 'object') {
    return 'The traits schema is not of type "object", which Kratos refuses; there are no fields to show.';
  }
  const properties = traits['properties'];
  if (!isRecord(properties) || Object.keys(properties).length === 0) {
    return 'The traits schema has no properties, which Kratos refuses (at least one trait is required); there are no fields to show.';
  }
  return null;
};

const prepare = (body: unknown): Usable | string => {
  const walk = walkTraits(body);
  if (!walk.root) return NO_TRAITS;
  const reason = unusableReason(walk.root.schema);
  if (reason !== null) return reason;
  const inlined = inlineSchema(body, walk.root.schema, walk.root.schemaTokens);
  const notes = [...inlined.notes];
  if (walk.truncated) notes.push('The schema is too large to analyse in full; some notes may be missing.');
  return { traits: { type: 'object', ...inlined.schema }, notes, nodes: walk.nodes };
};

/** The uiSchema object for a trait path, created on the way (`*` is rjsf's `items`). */
const uiAt = (ui: JsonObject, trait: TraitNode): JsonObject | null => {
  let node = ui;
  for (const [i, segment] of trait.path.entries()) {
    // Tuple items would need rjsf's array form of `items`; they get no hints.
    if (trait.steps[i] === 'tuple') return null;
    const key = trait.steps[i] === 'items' ? 'items' : segment;
    const next = isRecord(node[key]) ? (node[key] as JsonObject) : {};
    node[key] = next;
    node = next;
  }
  return node;
};

/** Input hints Kratos's own nodes carry: email/tel input types and autocomplete for identifiers. */
const traitsUiSchema = (nodes: readonly TraitNode[]): JsonObject => {
  const ui: JsonObject = { 'ui:label': false };
  for (const node of nodes) {
    const format = node.schema['format'];
    const isIdentifier = extensionFacts(node.schema).some(
      (f) => f.key === 'credentials.password.identifier' || f.key.startsWith('credentials.code'),
    );
    let hints: JsonObject | null = null;
    if (format === 'email') hints = { 'ui:autocomplete': 'email' };
    else if (format === 'tel') hints = { 'ui:inputType': 'tel', 'ui:autocomplete': 'tel' };
    else if (isIdentifier && node.schema['type'] === 'string') hints = { 'ui:autocomplete': 'username' };
    if (!hints) continue;
    const at = uiAt(ui, node);
    if (at) Object.assign(at, hints);
  }
  return ui;
};

/** Kratos input names for the leaves: nested objects are flattened with dots, an array is one input. */
const traitFields = (nodes: readonly TraitNode[]): string[] => {
  const key = (path: readonly string[]): string => JSON.stringify(path);
  // An array is one input even though its items are nodes too: only property children make a parent.
  const parents = new Set(nodes.filter((n) => n.steps[n.steps.length - 1] === 'property').map((n) => key(n.path.slice(0, -1))));
  return nodes
    .filter((n) => n.steps.every((s) => s === 'property') && !parents.has(key(n.path)))
    .map((n) => ['traits', ...n.path].join('.'));
};

const factsOf = (nodes: readonly TraitNode[]) => nodes.flatMap((node) => extensionFacts(node.schema).map((fact) => ({ node, fact })));

const registrationNotes = (nodes: readonly TraitNode[]): { password: boolean; notes: string[] } => {
  const notes: string[] = [];
  let password = false;
  let identifier = false;
  for (const { node, fact } of factsOf(nodes)) {
    const at = node.schemaPointer;
    if (fact.key === 'credentials.password.identifier') {
      password = identifier = true;
      notes.push(`A password field is added because ${at} is a password identifier.`);
    } else if (fact.key.startsWith('credentials.code.identifier')) {
      identifier = true;
      notes.push(`${at} is a ${fact.label}: Kratos also offers passwordless registration and sign-in with a one-time code.`);
    } else if (fact.key === 'credentials.webauthn.identifier') {
      identifier = true;
      notes.push(`${at} is a WebAuthn identifier: Kratos also offers registering a security key instead of a password.`);
    } else if (fact.key === 'credentials.passkey.display_name') {
      identifier = true;
      notes.push(`${at} is the passkey display name: Kratos also offers registration with a passkey.`);
    } else if (fact.key.startsWith('verification.via')) {
      notes.push(`${at} starts unverified; Kratos can send a verification message after registration (${fact.label}).`);
    }
  }
  if (!identifier)
    notes.push('No trait is a password, code, WebAuthn or passkey identifier: only social sign-in could register and sign in.');
  return { password, notes };
};

const settingsNotes = (nodes: readonly TraitNode[]): string[] => {
  const notes = ['The profile form shows every trait; password, TOTP, WebAuthn and passkeys have their own settings forms.'];
  for (const { node, fact } of factsOf(nodes)) {
    if (fact.key.startsWith('verification.via'))
      notes.push(`Changing ${node.schemaPointer} adds a new unverified address (${fact.label}).`);
    else if (fact.key === 'credentials.totp.account_name')
      notes.push(`${node.schemaPointer} labels the account in authenticator apps (TOTP account name).`);
  }
  return notes;
};

const ADMIN_NOTES = [
  'Admins can also set state (active or inactive), metadata_public and metadata_admin, which the identity schema does not describe.',
  'Admin writes are validated against the same schema and derive the same identifiers and addresses, but no password is asked for.',
];

const form = (kind: FlowKind, traits: JsonObject, traitsUi: JsonObject, notes: string[], fields: string[], password = false): FlowForm => {
  const properties: JsonObject = { traits };
  const required = ['traits'];
  const uiSchema: JsonObject = { traits: traitsUi, 'ui:order': ['traits'] };
  if (password) {
    properties['password'] = { ...PASSWORD_SCHEMA };
    required.push('password');
    uiSchema['password'] = { 'ui:widget': 'password', 'ui:autocomplete': 'new-password' };
    uiSchema['ui:order'] = ['traits', 'password'];
  }
  return {
    kind,
    title: TITLES[kind],
    schema: { type: 'object', properties, required },
    uiSchema,
    notes,
    fields: password ? [...fields, 'password'] : fields,
  };
};

// Each form gets its own copy, so a consumer that edits one (or rjsf's defaults) cannot leak into another.
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Registration, settings (profile) and admin-edit forms for an identity schema, in that order. Never
 * throws: a body without usable traits gives three empty object forms, each with a note saying why.
 */
export function flowForms(body: unknown): FlowForm[] {
  const prepared = prepare(body);
  if (typeof prepared === 'string') {
    return FLOW_KINDS.map((kind) => ({
      kind,
      title: TITLES[kind],
      schema: { type: 'object', properties: {} },
      uiSchema: {},
      notes: [prepared],
      fields: [],
    }));
  }
  const { traits, notes, nodes } = prepared;
  const ui = traitsUiSchema(nodes);
  const fields = traitFields(nodes);
  const registration = registrationNotes(nodes);
  return [
    form('registration', copy(traits), copy(ui), [...registration.notes, ...notes], fields, registration.password),
    form('settings', copy(traits), copy(ui), [...settingsNotes(nodes), ...notes], fields),
    form('admin', copy(traits), copy(ui), [...ADMIN_NOTES, ...notes], fields),
  ];
}
