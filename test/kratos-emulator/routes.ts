import type { Bucket } from './rate-limit';

/** The admin API surface the emulator serves, with the rate bucket of reference §4.2 (HEAD spec). */
export interface Route {
  operation: string;
  bucket?: Bucket;
  isWrite: boolean;
  /** Ory Network wants the project key for these; schemas, health and version are public. */
  needsKey: boolean;
  params: string[];
}

interface RouteDef extends Route {
  method: string;
  pattern: RegExp;
}

const admin = (method: string, pattern: RegExp, operation: string, bucket: Bucket, isWrite = false): RouteDef => ({
  method,
  pattern,
  operation,
  bucket,
  isWrite,
  needsKey: true,
  params: [],
});

const ROUTES: readonly RouteDef[] = [
  admin('GET', /^\/admin\/identities$/, 'listIdentities', 'kratos-admin-medium'),
  admin('POST', /^\/admin\/identities$/, 'createIdentity', 'kratos-admin-low', true),
  admin('PATCH', /^\/admin\/identities$/, 'batchPatchIdentities', 'kratos-admin-low', true),
  admin('GET', /^\/admin\/identities\/by\/external\/([^/]*)$/, 'getIdentityByExternalID', 'kratos-admin-medium'),
  admin('GET', /^\/admin\/identities\/([^/]+)$/, 'getIdentity', 'kratos-admin-high'),
  admin('PUT', /^\/admin\/identities\/([^/]+)$/, 'updateIdentity', 'kratos-admin-low', true),
  admin('PATCH', /^\/admin\/identities\/([^/]+)$/, 'patchIdentity', 'kratos-admin-low', true),
  admin('DELETE', /^\/admin\/identities\/([^/]+)$/, 'deleteIdentity', 'kratos-admin-low', true),
  { ...admin('GET', /^(?:\/admin)?\/schemas$/, 'listIdentitySchemas', 'kratos-admin-medium'), needsKey: false },
  { ...admin('GET', /^(?:\/admin)?\/schemas\/([^/]+)$/, 'getIdentitySchema', 'kratos-admin-medium'), needsKey: false },
  { method: 'GET', pattern: /^\/health\/(ready|alive)$/, operation: 'isReady', isWrite: false, needsKey: false, params: [] },
  { method: 'GET', pattern: /^\/version$/, operation: 'getVersion', isWrite: false, needsKey: false, params: [] },
];

/** Self-hosted Kratos's admin port adds `/admin` when missing (`AddAdminPrefixIfNotPresentNegroni`). */
export const adminPath = (selfHosted: boolean, path: string): string =>
  selfHosted && /^\/identities(\/|$)/.test(path) ? `/admin${path}` : path;

export const matchRoute = (method: string, path: string): Route | undefined => {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match === null) continue;
    const { method: _m, pattern: _p, ...rest } = route;
    return { ...rest, params: match.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
};

/** True when the path exists under another method (a write the emulator would refuse with 405). */
export const knownPath = (path: string): boolean => ROUTES.some((route) => route.pattern.test(path));
