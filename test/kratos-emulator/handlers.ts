import { decodeBatchBody, decodeCreateBody, decodeUpdateBody, parseJsonBody } from './decode';
import { badRequestReason, herodot, notFound } from './errors';
import { parsePatch } from './json-patch';
import { CREDENTIAL_TYPES, listIdentities, type PageTokens } from './list';
import type { CredentialView, EmulatorKind } from './model';
import type { Operations } from './operations';
import type { SchemaRegistry } from './schema-registry';
import type { IdentityStore } from './store';

/** One admin API answer before faults and headers: status, JSON body (none for 204), extra headers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HandlerContext {
  kind: EmulatorKind;
  store: IdentityStore;
  ops: Operations;
  schemas: SchemaRegistry;
  tokens: PageTokens;
  version: string;
  /** The admin base URL the `Location` of a created identity starts with. */
  adminBase(): string;
}

export interface HandlerRequest {
  operation: string;
  params: string[];
  path: string;
  query: URLSearchParams;
  rawBody: string;
  contentType: string;
}

/** Single GET: credentials always, config only for the types `include_credential` names (§1.4). */
const singleView = (kind: EmulatorKind, query: URLSearchParams): CredentialView => {
  const include = query.getAll('include_credential').filter((v) => v !== '');
  for (const type of include) {
    if (!CREDENTIAL_TYPES[kind].has(type))
      throw badRequestReason(`Invalid value ${JSON.stringify(type)} for parameter include_credential.`);
  }
  return include.length > 0 ? { kind: 'config', types: new Set(include) } : { kind: 'identifiers' };
};

const WRITE_VIEW: CredentialView = { kind: 'identifiers' };

export const handle = (ctx: HandlerContext, req: HandlerRequest): Answer => {
  const { kind, store, ops } = ctx;
  const id = req.params[0] ?? '';
  switch (req.operation) {
    case 'listIdentities': {
      const { body, headers } = listIdentities(kind, store, ops, ctx.tokens, '/admin/identities', req.query);
      return { status: 200, body, headers };
    }
    case 'getIdentity':
      return { status: 200, body: ops.render(ops.existing(id), singleView(kind, req.query)) };
    case 'getIdentityByExternalID': {
      if (id === '') throw badRequestReason('The external ID must not be empty.');
      const owner = store.ownerOfExternalId(id);
      if (owner === undefined) throw notFound();
      return { status: 200, body: ops.render(ops.existing(owner), singleView(kind, req.query)) };
    }
    case 'createIdentity': {
      const identity = ops.create(decodeCreateBody(kind, parseJsonBody(req.rawBody)));
      return { status: 201, body: ops.render(identity, WRITE_VIEW), headers: { location: `${ctx.adminBase()}/identities/${identity.id}` } };
    }
    case 'batchPatchIdentities':
      return { status: 200, body: { identities: ops.batch(decodeBatchBody(kind, parseJsonBody(req.rawBody))) } };
    case 'updateIdentity': {
      if (!req.contentType.toLowerCase().startsWith('application/json')) {
        throw badRequestReason(`Content-Type must be application/json, got ${JSON.stringify(req.contentType)}.`);
      }
      ops.existing(id);
      return { status: 200, body: ops.render(ops.update(id, decodeUpdateBody(kind, parseJsonBody(req.rawBody))), WRITE_VIEW) };
    }
    case 'patchIdentity':
      ops.existing(id);
      return { status: 200, body: ops.render(ops.patch(id, parsePatch(req.rawBody)), WRITE_VIEW) };
    case 'deleteIdentity':
      ops.remove(id);
      return { status: 204 };
    case 'listIdentitySchemas': {
      const all = ctx.schemas.list();
      return { status: 200, body: all, headers: { 'x-total-count': String(all.length) } };
    }
    case 'getIdentitySchema': {
      const found = ctx.schemas.find(id);
      if (found === undefined) throw herodot(404, { reason: `Identity schema \`${id}\` could not be found.` });
      return { status: 200, body: found.schema };
    }
    case 'isReady':
      return { status: 200, body: { status: 'ok' } };
    case 'getVersion':
      return { status: 200, body: { version: ctx.version } };
    default:
      throw notFound();
  }
};
